-- Keeps the pair in ARGV (access, refresh, expiresAt, obtainedAt in epoch ms) under KEYS[1]
-- unless a pair obtained later is kept already, in one atomic step: a slow node can never
-- put back a pair whose refresh token has been used. Returns 1 when saved, else the kept pair.
local kept = redis.call('HGET', KEYS[1], 'obtainedAt')
if kept and tonumber(kept) > tonumber(ARGV[4]) then
  return redis.call('HMGET', KEYS[1], 'access', 'refresh', 'expiresAt', 'obtainedAt')
end
redis.call('HSET', KEYS[1], 'access', ARGV[1], 'refresh', ARGV[2], 'expiresAt', ARGV[3], 'obtainedAt', ARGV[4])
return 1
