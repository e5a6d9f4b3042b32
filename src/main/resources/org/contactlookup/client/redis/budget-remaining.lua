-- What is left of one quota, read without changing anything, by Redis's clock.
-- KEYS[1]: the quota's window key (see budget-reserve.lua). ARGV: calls, period (microseconds).
-- Returns {now, used, next, full}: the permits in the window that ends now or later (reserved
-- ahead included); the moment one more frees up (now when some are left); the moment the
-- newest is a whole period old and the whole quota is back (now when none was used).
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local calls, period = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%d', now - period), '+inf')
local next_at, full_at = now, now
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if used > 0 then
  full_at = tonumber(newest[2]) + period
end
if used >= calls then
  next_at = tonumber(redis.call('ZRANGE', KEYS[1], -calls, -calls, 'WITHSCORES')[2]) + period
end
return {now, used, next_at, full_at}
