package org.contactlookup.client.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.redis.RedisStore;

/**
 * A connection's budget shared through Redis, with one budget only, whatever Redis does:
 * <ul>
 *   <li>A <em>slow</em> Redis (a timeout, a GC pause, a busy host) opens no budget of its own:
 *       the call is refused as over budget, and for the next retry interval (default 1 s) calls
 *       are refused without waiting on Redis while one caller tries it again. Only after
 *       {@link #DEFAULT_GONE_AFTER} without an answer is it taken as gone.</li>
 *   <li>A Redis that is <em>gone</em> (the connection refused or dropped) is replaced by this
 *       node's share in a {@link Limiter}: each quota divided by the number of nodes, started
 *       from the counts Redis last gave, so a spent day stays spent.</li>
 *   <li>When Redis answers again, the node shares again once it has put back the permits it gave
 *       meanwhile (and, to a Redis that came back empty, the count it had).</li>
 * </ul>
 * A refusal from Redis (over budget) is an answer, not a failure. The fall back is one WARNING,
 * the return one INFO line; neither names the Keap key or the Redis password. Thread-safe. A
 * credit pool's share is divided in size and its refill spread over that many periods; pools are
 * not put back.
 */
final class SharedBudget implements Budget {
    static final Duration DEFAULT_RETRY_EVERY = Duration.ofSeconds(1);
    static final Duration DEFAULT_GONE_AFTER = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");

    private final String name;
    private final RedisBudget shared;
    private final List<RateLimit> share;
    private final int nodes;
    private final long retryNanos;
    private final long goneAfterNanos;
    private final AtomicBoolean fallenBack = new AtomicBoolean();
    /** When Redis first failed to answer in time, on System.nanoTime; 0 while it answers. */
    private final AtomicLong slowSince = new AtomicLong();
    private final AtomicLong nextTry = new AtomicLong();
    /** This node's share while fallen back, started afresh from Redis's last counts each time. */
    private volatile Limiter local;
    /** Permits given from {@link #local} since the fall back: those Redis has not counted. */
    private final AtomicInteger givenLocally = new AtomicInteger();
    /** Redis's last counts before the fall back, per window, and when it fell back: what an emptied Redis gets back. */
    private volatile long[] lastSeen = new long[0];
    private volatile long fellBackAt;
    /** Held while a node that fell back hands Redis its count, so that only one caller does. */
    private final Object returning = new Object();

    /** @param name the connection's name, for log lines */
    SharedBudget(String name, RedisBudget shared, int nodes) {
        this(name, shared, nodes, DEFAULT_RETRY_EVERY, DEFAULT_GONE_AFTER);
    }

    SharedBudget(String name, RedisBudget shared, int nodes, Duration retryEvery, Duration goneAfter) {
        // The number of nodes was checked by the BudgetStore that makes every shared budget.
        if (retryEvery.isNegative() || retryEvery.isZero()) {
            throw new IllegalArgumentException("the retry interval must be positive, not " + retryEvery);
        }
        this.name = name;
        this.shared = shared;
        this.nodes = nodes;
        this.share = share(shared.limits(), nodes);
        this.local = new Limiter(share);
        this.retryNanos = retryEvery.toNanos();
        this.goneAfterNanos = goneAfter.toNanos();
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
                if (!unanswered(e)) {
                    throw slowRefusal(method);
                }
            }
        } else if (!fallenBack.get()) {
            throw slowRefusal(method);
        }
        Duration wait = local.reserve(method, maxWait);
        givenLocally.incrementAndGet();
        return wait;
    }

    @Override
    public Optional<BudgetRemaining> remaining() {
        if (tryShared()) {
            try {
                Optional<BudgetRemaining> left = shared.remaining();
                answered();
                return left;
            } catch (RedisStore.Unavailable e) {
                if (!unanswered(e)) {
                    return Optional.empty(); // Redis is slow: nothing known for sure
                }
            }
        } else if (!fallenBack.get()) {
            return Optional.empty();
        }
        return local.remaining();
    }

    /** True while the budget is kept in Redis; false while this node keeps its share in memory. */
    boolean isShared() {
        return !fallenBack.get();
    }

    @Override
    public String keptIn() {
        return fallenBack.get() ? "memory (Redis unreachable)" : slowSince.get() != 0 ? "redis (not answering in time)" : "redis";
    }

    /** The limits this node keeps while Redis does not answer. */
    List<RateLimit> localShare() {
        return share;
    }

    /** Whether this call goes to Redis: always while it answers, else one call per retry interval. */
    private boolean tryShared() {
        if (!fallenBack.get() && slowSince.get() == 0) {
            return true;
        }
        long now = System.nanoTime();
        long next = nextTry.get();
        return now - next >= 0 && nextTry.compareAndSet(next, now + retryNanos);
    }

    /**
     * Redis gave no answer: true when it is taken as gone (and this node has fallen back to its
     * share), false while it is only slow.
     */
    private boolean unanswered(RedisStore.Unavailable e) {
        long now = System.nanoTime();
        nextTry.set(now + retryNanos);
        if (e.slow() && !fallenBack.get()) {
            slowSince.compareAndSet(0, now);
            if (now - slowSince.get() < goneAfterNanos) {
                return false;
            }
        }
        if (fallenBack.compareAndSet(false, true)) {
            local = startedFromLastCounts(now);
            givenLocally.set(0);
            LOG.warning("Connection '" + name + "' keeps its own share of the limits in memory (" + describe(share)
                    + (nodes == 1 ? ", the only node" : ", one of " + nodes + " nodes")
                    + ", started from what Redis counted last) until Redis answers again. " + e.getMessage());
        }
        return true;
    }

    /** This node's share, less what Redis's last counts say is spent: a share of what is left. */
    private Limiter startedFromLastCounts(long now) {
        Limiter started = new Limiter(share);
        List<RateLimit> windows = shared.windowLimits();
        long[] counts = shared.lastCounts().orElse(new long[windows.size()]);
        for (int i = 0; i < windows.size(); i++) {
            RateLimit window = windows.get(i);
            if (window.period().compareTo(Duration.ofSeconds(1)) <= 0) {
                continue; // over before it matters, and paced: a seed there would only delay the first calls
            }
            long leftForThisNode = Math.max(0, window.calls() - counts[i]) / nodes;
            long shareOfWindow = Math.max(1, window.calls() / nodes);
            started.seed(window.period(), Math.max(0, shareOfWindow - leftForThisNode), now);
        }
        lastSeen = counts;
        fellBackAt = now;
        return started;
    }

    private ThrottledException slowRefusal(String method) {
        return new ThrottledException(method + " was not sent: the limits shared through Redis at " + shared.storeAddress()
                + " could not be read in time, and a slow Redis opens no second budget", ThrottledException.Source.BUDGET,
                Duration.ofNanos(retryNanos));
    }

    private void answered() {
        slowSince.set(0);
        if (!fallenBack.get()) {
            return;
        }
        synchronized (returning) {
            // Shares again only once Redis knows what this node spent: a failed put-back waits for the next try.
            OptionalLong put = fallenBack.get() ? putBack() : OptionalLong.empty();
            if (put.isEmpty()) {
                return;
            }
            fallenBack.set(false);
            LOG.info("Connection '" + name + "' shares its limits (" + describe(shared.limits()) + ") through Redis at "
                    + shared.storeAddress() + " again" + (put.getAsLong() > 0
                    ? "; the " + put.getAsLong() + " calls this node made meanwhile are counted there" : ""));
        }
    }

    /**
     * Hands Redis the permits this node gave while it could not be reached, and, where Redis lost
     * its count meanwhile, the count it had; says how many calls this node gave, or nothing when
     * Redis did not take them.
     */
    private OptionalLong putBack() {
        int given = givenLocally.get();
        long nowNanos = System.nanoTime();
        long nowMicros = System.currentTimeMillis() * 1000;
        List<RateLimit> windows = shared.windowLimits();
        List<RedisBudget.PutBack> back = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            List<Long> times = local.newestPermits(windows.get(i).period(), given).stream()
                    .map(t -> nowMicros - (nowNanos - t) / 1000).toList();
            back.add(new RedisBudget.PutBack(lastSeen.length > i ? lastSeen[i] : 0, nowMicros - (nowNanos - fellBackAt) / 1000, times));
        }
        try {
            shared.putBack(UUID.randomUUID().toString(), back);
            givenLocally.addAndGet(-given);
            return OptionalLong.of(given);
        } catch (RedisStore.Unavailable e) {
            nextTry.set(System.nanoTime() + retryNanos);
            LOG.log(Level.FINE, "Connection '" + name + "': the calls made while Redis was away could not be put back yet", e);
            return OptionalLong.empty();
        }
    }

    private static String describe(List<RateLimit> limits) {
        return limits.stream().map(RateLimit::toString).collect(Collectors.joining(", "));
    }
}
