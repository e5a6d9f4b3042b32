package org.contactlookup.client.budget;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.contactlookup.client.config.RateLimit;

/**
 * Visitors' quotas in this JVM's memory, each quota as a GCRA: N lookups a period, all at once
 * if a visitor has been away, then one every period / N. A visitor is one theoretical arrival
 * time per quota; a visitor whose times have all passed is as good as unknown, and the map holds
 * at most {@code maxVisitors}, forgetting the least recently seen first (who then starts afresh:
 * memory stays bounded whatever the number of addresses, and the connection's own budget still
 * bounds them all). Thread-safe.
 */
final class VisitorQuotas implements VisitorBudget {
    static final int DEFAULT_MAX_VISITORS = 100_000;

    private final long[] intervals;
    private final long[] tolerances;
    private final Map<String, long[]> arrivals;

    VisitorQuotas(List<RateLimit> quotas, int maxVisitors) {
        this.intervals = quotas.stream().mapToLong(q -> q.period().toNanos() / q.calls()).toArray();
        this.tolerances = new long[intervals.length];
        for (int i = 0; i < intervals.length; i++) {
            tolerances[i] = quotas.get(i).period().toNanos() - intervals[i];
        }
        this.arrivals = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > maxVisitors;
            }
        };
    }

    @Override
    public Optional<Duration> take(String visitor) {
        long now = System.nanoTime();
        synchronized (arrivals) {
            long[] theirs = arrivals.get(visitor);
            long wait = 0;
            for (int i = 0; theirs != null && i < intervals.length; i++) {
                wait = Math.max(wait, theirs[i] - tolerances[i] - now);
            }
            if (wait > 0) {
                return Optional.of(Duration.ofNanos(wait));
            }
            if (theirs == null) {
                theirs = new long[intervals.length];
                for (int i = 0; i < theirs.length; i++) {
                    theirs[i] = now;
                }
                arrivals.put(visitor, theirs);
            }
            for (int i = 0; i < intervals.length; i++) {
                theirs[i] = Math.max(theirs[i], now) + intervals[i];
            }
            return Optional.empty();
        }
    }
}
