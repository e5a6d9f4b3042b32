package org.contactlookup.client.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.redis.KeyFingerprint;
import org.contactlookup.client.redis.LuaScript;
import org.contactlookup.client.redis.RedisStore;

/**
 * An OAuth2 connection's tokens in the Redis every node shares, so that all nodes send the same
 * access token and one of them at a time refreshes it. Keys, {@code FP} being the fingerprint of
 * the client id and the application name:
 * <ul>
 *   <li>{@code contactlookup:oauth:{FP}:tokens}: a hash of access, refresh, expiresAt and
 *       obtainedAt (epoch ms), replaced only by a pair obtained later (one Lua step);</li>
 *   <li>{@code contactlookup:oauth:{FP}:lease}: who is refreshing, expiring on its own.</li>
 * </ul>
 * Every pair saved is written to this node's token file first, so a Redis that loses its data
 * (a restart without persistence) gets the newest pair back from the first node that reads it:
 * a file that holds a pair newer than Redis's is saved to Redis when read.
 */
public final class RedisTokenStore implements TokenStore {
    static final String KEY_PREFIX = "contactlookup:oauth:";
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final LuaScript LOAD = LuaScript.load("tokens-load.lua");
    private static final LuaScript SAVE = LuaScript.load("tokens-save.lua");
    private static final LuaScript LEASE = LuaScript.load("tokens-lease.lua");

    private final RedisStore redis;
    private final FileTokenStore file;
    private final String tokensKey;
    private final String leaseKey;
    private volatile Instant refilledAt;
    private volatile String fileProblem;

    public RedisTokenStore(RedisStore redis, Secret clientId, String application, FileTokenStore file) {
        this.redis = redis;
        this.file = file;
        String fingerprint = KeyFingerprint.of(Secret.of(clientId.reveal() + " " + application));
        this.tokensKey = KEY_PREFIX + "{" + fingerprint + "}:tokens";
        this.leaseKey = KEY_PREFIX + "{" + fingerprint + "}:lease";
    }

    @Override
    public Optional<Tokens> load() {
        Optional<Tokens> shared = read(run(LOAD, List.of()));
        Optional<Tokens> local = localCopy();
        if (local.isPresent() && (shared.isEmpty() || shared.get().olderThan(local.get()))) {
            if (shared.isEmpty()) {
                refilledAt = Instant.now();
            }
            return Optional.of(saveShared(local.get())); // a new authorization, or a Redis that lost its data
        }
        return shared;
    }

    @Override
    public Optional<Instant> refilledAt() {
        return Optional.ofNullable(refilledAt);
    }

    /**
     * Saves to this node's file first (it survives Redis losing its data), then to Redis; a file
     * that cannot be written does not keep the pair from Redis, where every node finds it.
     */
    @Override
    public Tokens save(Tokens tokens) {
        try {
            file.save(tokens);
            fileProblem = null;
        } catch (TokenStoreException e) {
            warnOnce(e);
        }
        return saveShared(tokens);
    }

    /** This node's copy; a damaged or unreadable one counts as none, since Redis holds the pair every node uses. */
    private Optional<Tokens> localCopy() {
        try {
            Optional<Tokens> copy = file.load();
            fileProblem = null;
            return copy;
        } catch (TokenStoreException e) {
            warnOnce(e);
            return Optional.empty();
        }
    }

    private void warnOnce(TokenStoreException e) {
        if (!e.getMessage().equals(fileProblem)) {
            fileProblem = e.getMessage();
            LOG.warning(e.getMessage() + ": this node's copy of the OAuth2 tokens is not kept until it can be written; Redis keeps them");
        }
    }

    private Tokens saveShared(Tokens tokens) {
        Object answer = run(SAVE, List.of(tokens.accessToken().reveal(), tokens.refreshToken().reveal(),
                Long.toString(tokens.expiresAt().toEpochMilli()), Long.toString(tokens.obtainedAt().toEpochMilli())));
        return answer instanceof List<?> kept ? read(kept).orElse(tokens) : tokens;
    }

    @Override
    public Optional<Lease> tryLease(Duration ttl) {
        String holder = UUID.randomUUID().toString();
        if (!Long.valueOf(1).equals(run(LEASE, List.of(holder, Long.toString(Math.max(1, ttl.toMillis())))))) {
            return Optional.empty();
        }
        return Optional.of(() -> {
            try {
                run(LEASE, List.of(holder, "0"));
            } catch (TokenStoreException e) {
                // the lease runs out on its own
            }
        });
    }

    private Object run(LuaScript script, List<String> args) {
        try {
            return redis.run(script, List.of(script == LEASE ? leaseKey : tokensKey), args);
        } catch (RedisStore.Unavailable e) {
            throw new TokenStoreException(e.getMessage(), e);
        }
    }

    private static Optional<Tokens> read(Object answer) {
        if (!(answer instanceof List<?> fields) || fields.size() != 4 || fields.contains(null)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Tokens(Secret.of(text(fields.get(0))), Secret.of(text(fields.get(1))),
                    Instant.ofEpochMilli(Long.parseLong(text(fields.get(2)))), Instant.ofEpochMilli(Long.parseLong(text(fields.get(3))))));
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the OAuth2 tokens in Redis are unusable", null);
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public String describe() {
        return "Redis " + redis.address() + " (copy in " + file.file() + ")";
    }

    @Override
    public String toString() {
        return "RedisTokenStore[" + redis.address() + "]";
    }
}
