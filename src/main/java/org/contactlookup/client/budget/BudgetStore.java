package org.contactlookup.client.budget;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.redis.KeyFingerprint;
import org.contactlookup.client.redis.RedisStore;

/**
 * Where the clients of an application keep their rate limits (and, with Redis, where OAuth2
 * connections keep their tokens: {@link #redis()}). {@link #inMemory(int)} keeps each
 * client's budget in this JVM: right for one node, and a restart starts the count again. With
 * several nodes on one key, each node then keeps its share, the limits divided by the number of
 * nodes. {@link #redis} keeps every budget in one Redis shared by all nodes, surviving restarts
 * and redeploys; budgets are named after a fingerprint of the key, so connections with the same
 * key share one budget wherever they run. While Redis cannot be used, a node falls back to its
 * share in memory (see {@code SharedBudget}). Thread-safe; close it when the application stops.
 */
public final class BudgetStore implements AutoCloseable {
    private final RedisStore redis;
    private final int nodes;
    /** In memory, a connection read again with the same key and limits keeps spending the same budget. */
    private final Map<List<Object>, Budget> inMemory = new ConcurrentHashMap<>();

    private BudgetStore(RedisStore redis, int nodes) {
        if (nodes < 1 || nodes > 1000) {
            throw new IllegalArgumentException("the number of nodes must be 1 to 1000, not " + nodes);
        }
        this.redis = redis;
        this.nodes = nodes;
    }

    /** Budgets in this JVM's memory, each holding 1/{@code nodes} of its connection's limits. */
    public static BudgetStore inMemory(int nodes) {
        return new BudgetStore(null, nodes);
    }

    /**
     * Budgets in the Redis at {@code address} ({@code redis://} or {@code rediss://}); nothing is
     * sent until the first call.
     *
     * @param password null when Redis asks for none
     * @param timeout  the longest one connect or one read from Redis may take (1 ms to 10 s)
     * @param nodes    how many nodes share the keys: the share each falls back to is 1/{@code nodes}
     * @throws IllegalArgumentException for an address or timeout that cannot be used, naming which
     */
    public static BudgetStore redis(URI address, Secret password, Duration timeout, int nodes) {
        Objects.requireNonNull(address, "address");
        return new BudgetStore(RedisStore.connect(address, password, timeout), nodes);
    }

    /**
     * The budget of {@code connection}'s calls: the same one for the same key and limits, never
     * believing more is left than Keap's answers said ({@link KeapCounts}).
     */
    public Budget budgetFor(Connection connection) {
        List<RateLimit> limits = connection.policy().limits();
        if (redis == null) {
            return inMemory.computeIfAbsent(List.of(KeyFingerprint.of(connection.key()), limits),
                    k -> new KeapBound(new Limiter(SharedBudget.share(limits, nodes)), Clock.systemUTC()));
        }
        return new KeapBound(new SharedBudget(connection.name(), new RedisBudget(redis, connection.key(), limits), nodes),
                Clock.systemUTC());
    }

    /**
     * Quotas for each visitor of the page, kept where the budgets are: in this JVM's memory, or in
     * Redis for every node.
     *
     * @throws IllegalArgumentException for a credit pool, which a visitor's quota cannot be
     */
    public VisitorBudget visitors(List<RateLimit> quotas) {
        for (RateLimit quota : quotas) {
            if (quota.isPool()) {
                throw new IllegalArgumentException("a visitor's limit must be a quota such as 10/min, not a credit pool: " + quota);
            }
        }
        return redis == null ? new VisitorQuotas(quotas, VisitorQuotas.DEFAULT_MAX_VISITORS) : new RedisVisitors(redis, quotas);
    }

    /**
     * The Redis these budgets are kept in, empty for budgets in memory: OAuth2 connections that
     * refresh their own tokens keep them there too, so that every node shares one pair.
     */
    public Optional<RedisStore> redis() {
        return Optional.ofNullable(redis);
    }

    /** {@code memory} or the Redis address (never its password), for logs and health. */
    public String describe() {
        return redis == null ? "memory" : redis.address();
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    public String toString() {
        return "BudgetStore[" + describe() + (nodes == 1 ? "" : ", " + nodes + " nodes") + "]";
    }
}
