package org.contactlookup.client.redis;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.contactlookup.client.config.Secret;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One Redis server that keeps shared budgets, reached through up to 16 connections at once.
 * Every connect and every read is bounded by the store's timeout (default 100 ms), and so is
 * the wait for a free connection. A connection that fails is dropped with every idle one, and
 * none is made in its place until a caller needs it: a pool that replaced it at once would
 * spend a second timeout on a hung server. One store serves every connection of the
 * application; it is thread-safe, and {@link #close()} belongs in the application's shutdown.
 */
public final class RedisStore implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    private static final int POOL_SIZE = 16;

    /** Redis gave no usable answer in time. The message names the address, never a password. */
    public static final class Unavailable extends RuntimeException {
        private final boolean slow;

        public Unavailable(String message, Throwable cause) {
            this(message, cause, timedOut(cause));
        }

        Unavailable(String message, Throwable cause, boolean slow) {
            super(message, cause);
            this.slow = slow;
        }

        /**
         * True when Redis may be there but did not answer in time (a timeout, every connection
         * busy); false when it is gone (the connection refused or dropped, or an error answer).
         */
        public boolean slow() {
            return slow;
        }
    }

    private final HostAndPort hostAndPort;
    private final JedisClientConfig config;
    private final RedisAddress address;
    private final Duration timeout;
    private final Secret password;
    private final Deque<Jedis> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore inUse = new Semaphore(POOL_SIZE);
    private volatile boolean closed;

    private RedisStore(RedisAddress address, Secret password, Duration timeout, SSLContext tls) {
        this.address = address;
        this.timeout = timeout;
        this.password = password;
        int millis = Math.toIntExact(timeout.toMillis());
        // RESP2 and no CLIENT SETINFO: a new connection costs one round trip less each.
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .database(address.database())
                .resp2()
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        address.user().ifPresent(config::user);
        if (password != null) {
            config.password(password.reveal());
        }
        if (address.tls()) {
            // Certificate and host name are both checked, whatever the client library's default.
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            config.ssl(true).sslSocketFactory(tls.getSocketFactory()).sslParameters(parameters);
        }
        this.config = config.build();
        this.hostAndPort = new HostAndPort(address.host(), address.port());
    }

    /**
     * A store for the Redis at {@code address} ({@code redis://host:port} or, over TLS with the
     * JVM's trust store, {@code rediss://host:port}; an optional {@code /db} number and
     * {@code user@}, never a password). Nothing is sent until the first script runs.
     *
     * @param password the password, or null when Redis asks for none
     * @throws IllegalArgumentException when the address or timeout cannot be used; the message
     *                                  says which, and never repeats a password
     */
    public static RedisStore connect(URI address, Secret password, Duration timeout) {
        return connect(address, password, timeout, null);
    }

    /** As {@link #connect(URI, Secret, Duration)}, trusting only {@code tls} for {@code rediss://}. */
    public static RedisStore connect(URI address, Secret password, Duration timeout, SSLContext tls) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the Redis timeout must be 1 ms to " + MAX_TIMEOUT.toSeconds()
                    + " s, not " + timeout.toMillis() + " ms");
        }
        RedisAddress parsed = RedisAddress.parse(address);
        try {
            return new RedisStore(parsed, password, timeout, tls != null ? tls : SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no default TLS context", e);
        }
    }

    /**
     * Runs {@code script} by its SHA-1 and, when Redis no longer has it cached (after a restart
     * or a SCRIPT FLUSH), by its source, which caches it again.
     *
     * @throws Unavailable when Redis did not answer in time or refused the command
     */
    public Object run(LuaScript script, List<String> keys, List<String> args) {
        acquire();
        try {
            Jedis reused = idle.pollFirst();
            if (reused != null) {
                try {
                    return run(reused, script, keys, args);
                } catch (JedisConnectionException e) {
                    // An idle connection may have been closed by Redis or by the network; that
                    // is worth one fresh connection, a server that does not answer is not.
                    if (timedOut(e)) {
                        throw unavailable(e);
                    }
                }
            }
            try {
                return run(newConnection(), script, keys, args);
            } catch (JedisConnectionException e) {
                throw unavailable(e);
            }
        } finally {
            inUse.release();
        }
    }

    private Object run(Jedis jedis, LuaScript script, List<String> keys, List<String> args) {
        boolean healthy = false;
        try {
            Object answer;
            try {
                answer = jedis.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                answer = jedis.eval(script.source(), keys, args);
            }
            healthy = true;
            return answer;
        } catch (JedisConnectionException e) {
            // The idle connections went to the same server: after a crash each would fail once more.
            for (Jedis other = idle.pollFirst(); other != null; other = idle.pollFirst()) {
                other.close();
            }
            throw e;
        } catch (JedisException e) {
            throw unavailable(e);
        } finally {
            if (healthy) {
                idle.offerFirst(jedis);
                if (closed) {
                    close();
                }
            } else {
                jedis.close();
            }
        }
    }

    private Jedis newConnection() {
        try {
            return new Jedis(hostAndPort, config);
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private void acquire() {
        try {
            if (closed || !inUse.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new Unavailable("Redis at " + address + (closed ? " is closed" : ": all " + POOL_SIZE
                        + " connections stayed busy for " + timeout.toMillis() + " ms"), null, !closed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for a connection to Redis at " + address, e);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private Unavailable unavailable(JedisException e) {
        return new Unavailable("Redis at " + address + " could not be used (timeout " + timeout.toMillis() + " ms): "
                + describe(e), e);
    }

    /** The failure and its root cause, each with its message, the password blanked out. */
    private String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e && (e.getMessage() == null || !e.getMessage().contains(String.valueOf(root.getMessage())))) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return password == null ? text : text.replace(password.reveal(), "[hidden]");
    }

    /** The address, such as {@code rediss://cache.example:6380/2}, for log lines. */
    public String address() {
        return address.toString();
    }

    /** Closes the idle connections; those in use close as their calls end. */
    @Override
    public void close() {
        closed = true;
        for (Jedis jedis = idle.pollFirst(); jedis != null; jedis = idle.pollFirst()) {
            jedis.close();
        }
    }

    @Override
    public String toString() {
        return "RedisStore[" + address + "]";
    }
}
