-- Reserves one permit under every limit of one budget, in one atomic step, by Redis's clock
-- (so that nodes whose clocks disagree still agree here). The same rules as Limiter: the
-- permit goes to the earliest moment every limit allows, and nothing is written when that
-- moment lies more than ARGV[1] ahead.
--
-- KEYS: first ARGV[2] window keys (sorted sets of permit times, one per quota period), then
--       the pool keys (the pool's theoretical arrival time, GCRA).
-- ARGV: [1] the most the permit may lie ahead; [2] how many window keys; then for each window
--       key: calls, period, spacing (0 when not paced); then for each pool key: the interval
--       between credits, the tolerance ((pool - 1) * interval).
-- Every time is in microseconds, since the epoch for moments.
-- Returns {1, wait, at, count...} when reserved, {0, wait, now, count...} when refused, where
-- each count is the permits now in one window key (reserved ahead included), in KEYS order: what
-- a node falls back from when Redis goes away.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local max_wait = tonumber(ARGV[1])
local windows = tonumber(ARGV[2])
local pools = #KEYS - windows
local at = now

local function int(n)
  return string.format('%d', n)
end

for i = 1, windows do
  local calls, period, spacing = tonumber(ARGV[i * 3]), tonumber(ARGV[i * 3 + 1]), tonumber(ARGV[i * 3 + 2])
  -- A permit a whole period old counts in no window that ends from now on.
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', int(now - period))
  local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
  if newest[2] then
    at = math.max(at, tonumber(newest[2]) + spacing)
    -- With `calls` permits already in the window, the next waits until the oldest of them
    -- is a whole period old (empty while fewer are there).
    local nth = redis.call('ZRANGE', KEYS[i], -calls, -calls, 'WITHSCORES')
    if nth[2] then
      at = math.max(at, tonumber(nth[2]) + period)
    end
  end
end

local arrivals = {}
for j = 1, pools do
  local tolerance = tonumber(ARGV[3 + windows * 3 + (j - 1) * 2 + 1])
  -- No key: the pool is full (the key expires when its arrival time passes).
  arrivals[j] = tonumber(redis.call('GET', KEYS[windows + j]) or 0)
  at = math.max(at, arrivals[j] - tolerance)
end

local function counts(answer)
  for i = 1, windows do
    answer[#answer + 1] = redis.call('ZCARD', KEYS[i])
  end
  return answer
end

local wait = at - now
if wait > max_wait then
  return counts({0, wait, now})
end

for i = 1, windows do
  local period = tonumber(ARGV[i * 3 + 1])
  -- Members must be unique; permits at the same microsecond are told apart by a count.
  local member = int(at) .. '-' .. redis.call('ZCOUNT', KEYS[i], int(at), int(at))
  redis.call('ZADD', KEYS[i], int(at), member)
  -- Once the newest permit is a whole period old the set holds nothing that counts.
  redis.call('PEXPIRE', KEYS[i], int(math.ceil((at + period - now) / 1000)))
end
for j = 1, pools do
  local interval = tonumber(ARGV[3 + windows * 3 + (j - 1) * 2])
  local arrival = math.max(arrivals[j], at) + interval
  redis.call('SET', KEYS[windows + j], int(arrival), 'PX', int(math.ceil((arrival - now) / 1000)))
end
return counts({1, wait, at})
