-- Keeps the pair in ARGV (sealed tokens, expiresAt, obtainedAt in epoch ms) under KEYS[1]
-- unless a pair obtained later is kept already, in one atomic step: a slow node can never
-- put back a pair whose refresh token has been used. The hash is replaced whole, so no plain
-- text tokens of the version before are left beside the sealed ones. Returns 1 when saved,
-- else the kept pair as tokens-load.lua gives it.
local kept = redis.call('HGET', KEYS[1], 'obtainedAt')
if kept and tonumber(kept) > tonumber(ARGV[3]) then
  return redis.call('HMGET', KEYS[1], 'sealed', 'access', 'refresh', 'expiresAt', 'obtainedAt')
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'sealed', ARGV[1], 'expiresAt', ARGV[2], 'obtainedAt', ARGV[3])
return 1
