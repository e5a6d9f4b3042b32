package org.contactlookup.client.budget;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.redis.RedisStore;

/**
 * A connection's budget shared through Redis, which keeps lookups going when Redis does not
 * answer: the reservation is then made from this node's share of the limits, kept in memory
 * by a {@link Limiter}, and Redis is tried again at most once per retry interval (default 1 s)
 * by one caller while the others go on with the share. A refusal from Redis (over budget) is an
 * answer, not a failure. The fall back is logged as one WARNING, the return to sharing as one
 * INFO line; neither names the Keap key or the Redis password. Thread-safe.
 *
 * <p>A node's share is each quota divided by the number of nodes, rounded down but at least 1;
 * a credit pool is divided in size and its refill spread over that many periods, so that the
 * shares add up to the pool's rate exactly. In a window that straddles the fall back, the
 * permits already spent through Redis and the shares can add up to more than the limit.
 */
final class SharedBudget implements Budget {
    static final Duration DEFAULT_RETRY_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");

    private final String name;
    private final RedisBudget shared;
    private final List<RateLimit> share;
    private final Limiter local;
    private final int nodes;
    private final long retryNanos;
    private final AtomicBoolean fallenBack = new AtomicBoolean();
    private final AtomicLong nextTry = new AtomicLong();

    /** @param name the connection's name, for log lines */
    SharedBudget(String name, RedisBudget shared, int nodes) {
        this(name, shared, nodes, DEFAULT_RETRY_EVERY);
    }

    SharedBudget(String name, RedisBudget shared, int nodes, Duration retryEvery) {
        if (nodes < 1 || nodes > 1000) {
            throw new IllegalArgumentException("the number of nodes must be 1 to 1000, not " + nodes);
        }
        if (retryEvery.isNegative() || retryEvery.isZero()) {
            throw new IllegalArgumentException("the retry interval must be positive, not " + retryEvery);
        }
        this.name = name;
        this.shared = shared;
        this.nodes = nodes;
        this.share = share(shared.limits(), nodes);
        this.local = new Limiter(share);
        this.retryNanos = retryEvery.toNanos();
    }

    /** One node's share of {@code limits} when {@code nodes} nodes keep them apart. */
    static List<RateLimit> share(List<RateLimit> limits, int nodes) {
        return limits.stream().map(l -> l.isPool()
                ? new RateLimit(l.calls(), l.period().multipliedBy(nodes), Math.max(1, l.pool() / nodes))
                : RateLimit.quota(Math.max(1, l.calls() / nodes), l.period())).toList();
    }

    @Override
    public Duration reserve(String method, Duration maxWait) throws ThrottledException {
        if (tryShared()) {
            try {
                Duration wait = shared.reserve(method, maxWait);
                answered();
                return wait;
            } catch (ThrottledException e) {
                answered();
                throw e;
            } catch (RedisStore.Unavailable e) {
                fallBack(e);
            }
        }
        return local.reserve(method, maxWait);
    }

    @Override
    public Optional<BudgetRemaining> remaining() {
        if (tryShared()) {
            try {
                Optional<BudgetRemaining> left = shared.remaining();
                answered();
                return left;
            } catch (RedisStore.Unavailable e) {
                fallBack(e);
            }
        }
        return local.remaining();
    }

    /** True while the budget is kept in Redis; false while this node keeps its share in memory. */
    boolean isShared() {
        return !fallenBack.get();
    }

    @Override
    public String keptIn() {
        return isShared() ? "redis" : "memory (Redis unreachable)";
    }

    /** The limits this node keeps while Redis does not answer. */
    List<RateLimit> localShare() {
        return share;
    }

    /** Whether this call goes to Redis: always while sharing, else one call per retry interval. */
    private boolean tryShared() {
        if (!fallenBack.get()) {
            return true;
        }
        long now = System.nanoTime();
        long next = nextTry.get();
        return now - next >= 0 && nextTry.compareAndSet(next, now + retryNanos);
    }

    private void fallBack(RedisStore.Unavailable e) {
        nextTry.set(System.nanoTime() + retryNanos);
        if (fallenBack.compareAndSet(false, true)) {
            LOG.warning("Connection '" + name + "' keeps its own share of the limits in memory (" + describe(share)
                    + (nodes == 1 ? ", the only node" : ", one of " + nodes + " nodes") + ") until Redis answers again. "
                    + e.getMessage());
        }
    }

    private void answered() {
        if (fallenBack.get() && fallenBack.compareAndSet(true, false)) {
            LOG.info("Connection '" + name + "' shares its limits (" + describe(shared.limits()) + ") through Redis at "
                    + shared.storeAddress() + " again");
        }
    }

    private static String describe(List<RateLimit> limits) {
        return limits.stream().map(RateLimit::toString).collect(Collectors.joining(", "));
    }
}
