-- Puts back into Redis the permits one node gave from its own share while Redis could not be
-- reached, so that the shared count knows them: the calls were made, and count against Keap's
-- limits whoever counted them.
--
-- KEYS: the window keys (see budget-reserve.lua). ARGV: [1] a name for this node and episode, so
-- that members never collide; [2] how many windows; then for each window its period
-- (microseconds) and how many permit times follow, then those times (microseconds since the
-- epoch). Permits already a whole period old are left out. Returns how many were put back.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tag = ARGV[1]
local next_arg = 3
local added = 0
for i = 1, tonumber(ARGV[2]) do
  local period, count = tonumber(ARGV[next_arg]), tonumber(ARGV[next_arg + 1])
  next_arg = next_arg + 2
  local newest = nil
  for j = 1, count do
    local at = tonumber(ARGV[next_arg])
    next_arg = next_arg + 1
    if at > now - period then
      redis.call('ZADD', KEYS[i], string.format('%d', at), tag .. '-' .. j)
      added = added + 1
      newest = math.max(newest or at, at)
    end
  end
  if newest then
    local ttl = redis.call('PTTL', KEYS[i])
    local wanted = math.ceil((newest + period - now) / 1000)
    if ttl < wanted then
      redis.call('PEXPIRE', KEYS[i], string.format('%d', wanted))
    end
  end
end
return added
