package org.contactlookup.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One Redis server that keeps shared budgets, reached through a small pool of connections.
 * Every connect and every read is bounded by the store's timeout (default 100 ms); there is
 * no retry, so that a caller falls back at once. One store serves every connection of the
 * application; it is thread-safe, and {@link #close()} belongs in the application's shutdown.
 */
final class RedisStore implements AutoCloseable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    private static final int POOL_SIZE = 16;

    /** Redis gave no usable answer in time. The message names the address, never a password. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A Lua script and its SHA-1, the name Redis caches it under. */
    record Script(String name, String source, String sha1) {
        static Script load(String resource) {
            try (InputStream in = RedisStore.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("script " + resource + " is missing from the classpath");
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(resource, source, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-1", e);
            }
        }
    }

    private final RedisClient client;
    private final RedisAddress address;
    private final Duration timeout;
    private final Secret password;

    private RedisStore(RedisAddress address, Secret password, Duration timeout, SSLContext tls) {
        this.address = address;
        this.timeout = timeout;
        this.password = password;
        int millis = Math.toIntExact(timeout.toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .database(address.database())
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
        // No evictor thread and no JMX registration: nothing that outlives an undeployed WAR.
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(timeout);
        pool.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(address.host(), address.port())
                .clientConfig(config.build()).poolConfig(pool).build();
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
    static RedisStore connect(URI address, Secret password, Duration timeout) {
        return connect(address, password, timeout, null);
    }

    /** As {@link #connect(URI, Secret, Duration)}, trusting only {@code tls} for {@code rediss://}. */
    static RedisStore connect(URI address, Secret password, Duration timeout, SSLContext tls) {
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
    Object run(Script script, List<String> keys, List<String> args) {
        try {
            try {
                return client.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                return client.eval(script.source(), keys, args);
            }
        } catch (JedisException e) {
            if (e instanceof JedisConnectionException) {
                // The other pooled connections went to the same server; after a crash they are
                // all dead, and each would fail once more before a new one is made.
                client.getPool().clear();
            }
            throw new Unavailable("Redis at " + address + " gave no answer (timeout " + timeout.toMillis() + " ms): "
                    + describe(e), e);
        }
    }

    private String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            text.append(text.length() == 0 ? "" : "; ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        String message = text.toString();
        return password == null ? message : message.replace(password.reveal(), "[hidden]");
    }

    /** The address, such as {@code rediss://cache.example:6380/2}, for log lines. */
    String address() {
        return address.toString();
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "RedisStore[" + address + "]";
    }
}
