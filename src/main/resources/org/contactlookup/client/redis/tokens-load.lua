-- The OAuth2 pair kept under KEYS[1]: sealed (both tokens, encrypted), access and refresh (in
-- plain text, as the version before wrote them), expiresAt and obtainedAt (epoch ms), or nils.
return redis.call('HMGET', KEYS[1], 'sealed', 'access', 'refresh', 'expiresAt', 'obtainedAt')
