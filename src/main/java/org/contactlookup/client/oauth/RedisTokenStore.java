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
 *   <li>{@code contactlookup:oauth:{FP}:tokens}: a hash of sealed (both tokens, encrypted with a
 *       key derived from the client secret: {@link TokenSeal}), expiresAt and obtainedAt (epoch
 *       ms), replaced only by a pair obtained later (one Lua step);</li>
 *   <li>{@code contactlookup:oauth:{FP}:lease}: who is refreshing, expiring on its own.</li>
 * </ul>
 * Every pair saved is written to this node's token file first, so a Redis that loses its data
 * (a restart without persistence) gets the newest pair back from the first node that reads it:
 * a file that holds a pair newer than Redis's is saved to Redis when read.
 *
 * <p>A pair the version before kept in plain text (fields access and refresh) is still read, and
 * sealed at once. A pair sealed under another client secret is unreadable: a node whose own copy
 * holds that same pair seals it again under its secret (a rotated client secret), otherwise
 * reading fails, saying to authorize again.
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
    private final TokenSeal seal;
    private volatile Instant refilledAt;
    private volatile String fileProblem;

    /** @param clientSecret the OAuth2 client secret, which the tokens' encryption key is derived from */
    public RedisTokenStore(RedisStore redis, Secret clientId, Secret clientSecret, String application, FileTokenStore file) {
        this.redis = redis;
        this.file = file;
        String fingerprint = KeyFingerprint.of(Secret.of(clientId.reveal() + " " + application));
        this.tokensKey = KEY_PREFIX + "{" + fingerprint + "}:tokens";
        this.leaseKey = KEY_PREFIX + "{" + fingerprint + "}:lease";
        this.seal = new TokenSeal(clientSecret, tokensKey);
    }

    /** What Redis holds under the tokens key: a sealed pair, or a plain one written by the version before. */
    private record Stored(String sealed, String access, String refresh, Instant expiresAt, Instant obtainedAt) {
        boolean plain() {
            // The version before wrote only these; a save of this version deletes them.
            return access != null && refresh != null;
        }
    }

    @Override
    public Optional<Tokens> load() {
        Optional<Stored> shared = stored(run(LOAD, List.of()));
        Optional<Tokens> opened = shared.flatMap(this::open);
        Optional<Tokens> local = localCopy();
        if (local.isPresent() && (shared.isEmpty() || shared.get().obtainedAt().isBefore(local.get().obtainedAt())
                || opened.isEmpty() && shared.get().obtainedAt().equals(local.get().obtainedAt()))) {
            if (shared.isEmpty()) {
                refilledAt = Instant.now();
            }
            // a new authorization, a Redis that lost its data, or the same pair sealed under the client secret used before
            return Optional.of(saveShared(local.get()));
        }
        if (shared.isPresent() && opened.isEmpty()) {
            throw unreadable();
        }
        if (shared.isPresent() && shared.get().plain()) {
            saveShared(opened.get()); // written by the version before: sealed now, so no token stays in plain text
        }
        return opened;
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
        Object answer = run(SAVE, List.of(seal.seal(tokens), Long.toString(tokens.expiresAt().toEpochMilli()),
                Long.toString(tokens.obtainedAt().toEpochMilli())));
        if (!(answer instanceof List<?>)) {
            return tokens;
        }
        Optional<Stored> kept = stored(answer);
        return kept.isEmpty() ? tokens : open(kept.get()).orElseThrow(this::unreadable);
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

    private static Optional<Stored> stored(Object answer) {
        if (!(answer instanceof List<?> fields) || fields.size() != 5 || fields.get(3) == null || fields.get(4) == null) {
            return Optional.empty();
        }
        try {
            Stored stored = new Stored(text(fields.get(0)), text(fields.get(1)), text(fields.get(2)),
                    Instant.ofEpochMilli(Long.parseLong(text(fields.get(3)))), Instant.ofEpochMilli(Long.parseLong(text(fields.get(4)))));
            return stored.sealed() == null && !stored.plain() ? Optional.empty() : Optional.of(stored);
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the OAuth2 tokens in Redis are unusable", null);
        }
    }

    /** The pair, from plain fields or opened; nothing when it was sealed under another client secret or altered. */
    private Optional<Tokens> open(Stored stored) {
        if (stored.plain()) {
            try {
                return Optional.of(new Tokens(Secret.of(stored.access()), Secret.of(stored.refresh()), stored.expiresAt(), stored.obtainedAt()));
            } catch (IllegalArgumentException e) {
                throw new TokenStoreException("the OAuth2 tokens in Redis are unusable", null);
            }
        }
        return seal.open(stored.sealed(), stored.expiresAt(), stored.obtainedAt());
    }

    private TokenStoreException unreadable() {
        return new TokenStoreException("the OAuth2 tokens in Redis " + redis.address() + " cannot be decrypted with this connection's "
                + "client secret: they were stored under another client secret, or altered; run the authorize command to store a new pair",
                null);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** The Redis key of the tokens hash, for tests that read it raw. */
    String tokensKey() {
        return tokensKey;
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
