-- Takes one lookup for one visitor under each of its quotas, or none, as a GCRA per quota on
-- Redis's clock: a quota of N a period lets N go at once after a pause, then one every
-- period / N. Nothing is written when any quota refuses.
--
-- KEYS: one per quota (the visitor's theoretical arrival time for it). ARGV: for each key, the
-- interval between lookups and the tolerance (period - interval), in microseconds.
-- Returns {1, 0} when taken, {0, wait} when refused (microseconds until one could be taken).
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local arrivals = {}
local wait = 0
for i = 1, #KEYS do
  local tolerance = tonumber(ARGV[i * 2])
  arrivals[i] = math.max(tonumber(redis.call('GET', KEYS[i]) or 0), now)
  wait = math.max(wait, arrivals[i] - tolerance - now)
end
if wait > 0 then
  return {0, wait}
end
for i = 1, #KEYS do
  local arrival = arrivals[i] + tonumber(ARGV[i * 2 - 1])
  redis.call('SET', KEYS[i], string.format('%d', arrival), 'PX', string.format('%d', math.ceil((arrival - now) / 1000)))
end
return {1, 0}
