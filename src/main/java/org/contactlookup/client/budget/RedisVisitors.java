package org.contactlookup.client.budget;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.redis.LuaScript;
import org.contactlookup.client.redis.RedisStore;

/**
 * Visitors' quotas in Redis, shared by every node: one key per visitor and quota, holding the
 * visitor's theoretical arrival time (GCRA, as {@link VisitorQuotas} keeps it in memory), under
 * {@code contactlookup:visitor:{ID}:<period in ms>ms}, where ID is the opaque visitor id (never
 * an address). A key expires when the visitor's quota is whole again, so Redis holds only the
 * visitors seen within a period. While Redis does not answer, this node's memory keeps them.
 * Thread-safe.
 */
final class RedisVisitors implements VisitorBudget {
    static final String KEY_PREFIX = "contactlookup:visitor:";
    private static final LuaScript TAKE = LuaScript.load("visitor-take.lua");
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");

    private final RedisStore store;
    private final List<String> suffixes = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final VisitorQuotas local;

    RedisVisitors(RedisStore store, List<RateLimit> quotas) {
        this.store = store;
        for (RateLimit quota : quotas) {
            long period = quota.period().toNanos() / 1000;
            long interval = period / quota.calls();
            suffixes.add(":" + period / 1000 + "ms");
            args.add(Long.toString(interval));
            args.add(Long.toString(period - interval));
        }
        this.local = new VisitorQuotas(quotas, VisitorQuotas.DEFAULT_MAX_VISITORS);
    }

    @Override
    public Optional<Duration> take(String visitor) {
        List<String> keys = suffixes.stream().map(s -> KEY_PREFIX + "{" + visitor + "}" + s).toList();
        try {
            if (store.run(TAKE, keys, args) instanceof List<?> answer && answer.size() == 2
                    && answer.get(0) instanceof Long taken && answer.get(1) instanceof Long wait) {
                return taken == 1 ? Optional.empty() : Optional.of(Duration.of(wait, ChronoUnit.MICROS));
            }
            throw new RedisStore.Unavailable("Redis at " + store.address() + " answered the visitor script oddly", null);
        } catch (RedisStore.Unavailable e) {
            LOG.log(Level.FINE, "visitor quotas kept in this node's memory: " + e.getMessage());
            return local.take(visitor);
        }
    }
}
