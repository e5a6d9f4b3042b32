package org.contactlookup.client.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.errors.ThrottledException;

/**
 * The connection's budget in this JVM's memory, shared by every thread that uses the client. Each limit is a gate;
 * a call gets a permit at the first moment every gate allows it, and that moment is reserved at
 * once, so permits are handed out in order and never over any limit. A caller waits for its
 * moment at most the policy's permit wait; past that it gets a {@link ThrottledException} and
 * nothing is sent. The limiter only reserves: the caller schedules the call for its moment.
 *
 * <p>Quotas are kept exactly, as a ring of the last {@code calls} permit times: a call may go
 * when the oldest of them is a whole period (plus {@link Budget#arrivalMargin}) old; quotas of a
 * second or less are paced evenly too. (A token bucket would let twice the quota
 * through in a window that straddles a refill, which Keap counts as over.) Credit pools are
 * token buckets, in the GCRA form that reserves ahead.
 */
final class Limiter implements Budget {
    private interface Gate {
        /** The earliest time, on System.nanoTime's clock, at or after {@code now} this gate allows a call. */
        long earliest(long now);

        void take(long at);
    }

    /**
     * At most {@code calls} in any window of {@code period}. Quotas of a second or less are also
     * paced, one call every {@code period / calls}, as Keap's spike arrest counts them; a burst
     * sent at once would also reach Keap bunched, and be counted in one window, when the machine
     * is busy.
     */
    private static final class QuotaGate implements Gate {
        private static final long PACED_UP_TO = Duration.ofSeconds(1).toNanos();
        private final long[] recent;
        private final long periodNanos;
        private final long spacingNanos;
        private int oldest;
        private int count;

        QuotaGate(RateLimit limit) {
            this.recent = new long[Math.toIntExact(limit.calls())];
            long period = limit.period().toNanos();
            this.periodNanos = period + Budget.arrivalMargin(limit.period()).toNanos();
            this.spacingNanos = period <= PACED_UP_TO ? period / limit.calls() : 0;
        }

        @Override
        public long earliest(long now) {
            if (count == 0) {
                return now;
            }
            long newest = recent[(oldest + recent.length - 1) % recent.length];
            long paced = Math.max(now, newest + spacingNanos);
            return count < recent.length ? paced : Math.max(paced, recent[oldest] + periodNanos);
        }

        @Override
        public void take(long at) {
            recent[oldest] = at;
            oldest = (oldest + 1) % recent.length;
            count = Math.min(count + 1, recent.length);
        }

        /** The newest {@code k} permit times kept, oldest first. */
        List<Long> newest(int k) {
            int n = Math.min(k, count);
            List<Long> times = new ArrayList<>(n);
            for (int i = count - n; i < count; i++) {
                times.add(kept(i));
            }
            return times;
        }

        /** The i-th oldest of the permits kept, from 0. */
        private long kept(int i) {
            return recent[(oldest - count + i + 2 * recent.length) % recent.length];
        }

        BudgetRemaining remaining(RateLimit limit, long now, Instant wallNow) {
            // Permit times are kept in order: find the first still inside the window ending now.
            int low = 0;
            int high = count;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (kept(middle) <= now - periodNanos) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            int used = count - low;
            long nextAt = used < recent.length ? now : kept(low) + periodNanos;
            long fullAt = used == 0 ? now : kept(count - 1) + periodNanos;
            return new BudgetRemaining(limit, recent.length - used, wallNow.plusNanos(nextAt - now),
                    wallNow.plusNanos(fullAt - now));
        }
    }

    /** A pool of {@code pool} credits, {@code calls} coming back per {@code period}. */
    private static final class PoolGate implements Gate {
        private final long intervalNanos;
        private final long toleranceNanos;
        private long theoreticalArrival = Long.MIN_VALUE / 2;

        PoolGate(RateLimit limit) {
            this.intervalNanos = limit.period().toNanos() / limit.calls();
            this.toleranceNanos = (limit.pool() - 1) * intervalNanos;
        }

        @Override
        public long earliest(long now) {
            return Math.max(now, theoreticalArrival - toleranceNanos);
        }

        @Override
        public void take(long at) {
            theoreticalArrival = Math.max(theoreticalArrival, at) + intervalNanos;
        }
    }

    private final List<Gate> gates;
    private final List<RateLimit> limits;
    private final String description;
    private final RateLimit longest;
    private final QuotaGate longestGate;

    Limiter(List<RateLimit> limits) {
        this.limits = List.copyOf(limits);
        this.gates = limits.stream().map(l -> l.isPool() ? (Gate) new PoolGate(l) : new QuotaGate(l)).toList();
        this.description = limits.stream().map(RateLimit::toString).collect(Collectors.joining(", "));
        // The quota reported by remaining(): the longest period, and of those the fewest calls.
        this.longest = limits.stream().filter(l -> !l.isPool())
                .max(Comparator.comparing(RateLimit::period).thenComparing(RateLimit::calls, Comparator.reverseOrder()))
                .orElse(null);
        this.longestGate = longest == null ? null : (QuotaGate) gates.get(limits.indexOf(longest));
    }

    /**
     * Counts {@code permits} already given at {@code at} (System.nanoTime) under every quota of
     * {@code period}: what other nodes spent, when this node starts from what Redis last said.
     */
    synchronized void seed(Duration period, long permits, long at) {
        for (int i = 0; i < gates.size(); i++) {
            if (gates.get(i) instanceof QuotaGate quota && limits.get(i).period().equals(period)) {
                for (long p = 0; p < Math.min(permits, quota.recent.length); p++) {
                    quota.take(at);
                }
            }
        }
    }

    /**
     * The times (System.nanoTime) of the newest {@code k} permits under the first quota of
     * {@code period}, oldest first; fewer when that quota keeps fewer (older ones are a whole
     * period old, and count nowhere).
     */
    synchronized List<Long> newestPermits(Duration period, int k) {
        for (int i = 0; i < gates.size(); i++) {
            if (gates.get(i) instanceof QuotaGate quota && limits.get(i).period().equals(period)) {
                return quota.newest(k);
            }
        }
        return List.of();
    }

    @Override
    public Optional<BudgetRemaining> remaining() {
        if (longest == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        synchronized (this) {
            return Optional.of(longestGate.remaining(longest, now, wallNow));
        }
    }

    @Override
    public Duration reserve(String method, Duration maxWait) throws ThrottledException {
        long now = System.nanoTime();
        synchronized (this) {
            long at = now;
            for (Gate gate : gates) {
                at = Math.max(at, gate.earliest(now));
            }
            if (at - now > maxWait.toNanos()) {
                throw new ThrottledException(method + " was not sent: no permit within " + maxWait.toMillis()
                        + " ms under this connection's limits (" + description + ")", ThrottledException.Source.BUDGET,
                        Duration.ofNanos(at - now));
            }
            for (Gate gate : gates) {
                gate.take(at);
            }
            return Duration.ofNanos(at - now);
        }
    }
}
