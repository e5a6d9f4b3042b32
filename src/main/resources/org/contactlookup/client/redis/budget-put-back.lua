-- Puts back into Redis the permits one node gave from its own share while Redis could not be
-- reached, so that the shared count knows them: the calls were made, and count against Keap's
-- limits whoever counted them. A window that now holds fewer permits than it did when the node
-- fell back has lost them (a Redis restarted without persistence): the node then also puts back
-- what it had started its share from, its part of the count it last saw.
--
-- KEYS: the window keys (see budget-reserve.lua). ARGV: [1] a name for this node and episode, so
-- that members never collide; [2] how many windows; then for each window: its counted period
-- (microseconds), the count the node last saw there, how many permits it started from and when
-- (microseconds since the epoch), how many permit times follow, then those times. Permits already
-- a whole period old are left out. Returns how many permits were put back in all.
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
  local period, seen = tonumber(ARGV[next_arg]), tonumber(ARGV[next_arg + 1])
  local started, started_at = tonumber(ARGV[next_arg + 2]), tonumber(ARGV[next_arg + 3])
  local count = tonumber(ARGV[next_arg + 4])
  next_arg = next_arg + 5
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', string.format('%d', now - period))
  if redis.call('ZCARD', KEYS[i]) < seen then
    for j = 1, started do
      add(KEYS[i], started_at, tag .. '-s' .. j, period)
    end
  end
  for j = 1, count do
    add(KEYS[i], tonumber(ARGV[next_arg]), tag .. '-' .. j, period)
    next_arg = next_arg + 1
  end
end
return added
