-- Puts back into Redis the permits one node gave from its own share while Redis could not be
-- reached, so that the shared count knows them: the calls were made, and count against Keap's
-- limits whoever counted them. A window that now holds fewer permits than it did when the node
-- fell back has lost them (a Redis restarted without persistence): the node then also puts back
-- that count, as members named alike on every node, so that however many nodes do it, the count
-- comes back once.
--
-- KEYS: the window keys (see budget-reserve.lua). ARGV: [1] a name for this node and episode, so
-- that members never collide; [2] how many windows; then for each window: its counted period
-- (microseconds), the count the node last saw there, when it fell back (microseconds since the
-- epoch), how many permit times follow, then those times. Permits already a whole period old are
-- left out. Returns how many permits were put back in all.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tag = ARGV[1]
local next_arg = 3
local added = 0

local function add(key, at, member, period)
  if at > now - period then
    redis.call('ZADD', key, string.format('%d', at), member)
    added = added + 1
    local wanted = math.ceil((at + period - now) / 1000)
    if redis.call('PTTL', key) < wanted then
      redis.call('PEXPIRE', key, string.format('%d', wanted))
    end
  end
end

for i = 1, tonumber(ARGV[2]) do
  local period, seen, fell_back_at = tonumber(ARGV[next_arg]), tonumber(ARGV[next_arg + 1]), tonumber(ARGV[next_arg + 2])
  local count = tonumber(ARGV[next_arg + 3])
  next_arg = next_arg + 4
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%d', now - period))
  if redis.call('ZCARD', KEYS[i]) < seen then
    for j = 1, seen do
      add(KEYS[i], fell_back_at, 'restored-' .. j, period)
    end
  end
  for j = 1, count do
    add(KEYS[i], tonumber(ARGV[next_arg]), tag .. '-' .. j, period)
    next_arg = next_arg + 1
  end
end
return added
