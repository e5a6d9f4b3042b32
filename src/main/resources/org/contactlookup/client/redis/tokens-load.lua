-- The OAuth2 pair kept under KEYS[1]: access, refresh, expiresAt, obtainedAt (epoch ms), or nils.
return redis.call('HMGET', KEYS[1], 'access', 'refresh', 'expiresAt', 'obtainedAt')
