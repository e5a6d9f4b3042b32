package org.contactlookup.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The sandbox's rate limits, shaped like Infusionsoft's: a credit pool for the legacy endpoint
 * (a burst, then one credit back per interval), and per-second and per-minute quotas for key and
 * token calls, counted over sliding windows. Thread-safe.
 */
final class Throttles {
    /** {@code capacity} tokens, refilled evenly at {@code capacity} per {@code period}. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(long capacity, Duration period) {
            this.capacity = capacity;
            this.perNano = (double) capacity / period.toNanos();
            this.tokens = capacity;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }

    private final Bucket legacy;
    private final int perSecond;
    private final int perMinute;
    private final Deque<Long> recent = new ArrayDeque<>();

    Throttles(int legacyCapacity, Duration legacyRefill, int perSecond, int perMinute) {
        this.legacy = new Bucket(legacyCapacity, legacyRefill.multipliedBy(legacyCapacity));
        this.perSecond = perSecond;
        this.perMinute = perMinute;
    }

    /** Takes one legacy credit; false when the pool is empty. */
    synchronized boolean takeLegacyCredit() {
        long now = System.nanoTime();
        legacy.refill(now);
        if (legacy.tokens < 1) {
            return false;
        }
        legacy.tokens -= 1;
        return true;
    }

    /** Counts one key or token call; false when the last second or minute already holds its quota. */
    synchronized boolean admitApiCall() {
        long now = System.nanoTime();
        long minuteAgo = now - Duration.ofMinutes(1).toNanos();
        while (!recent.isEmpty() && recent.peekFirst() <= minuteAgo) {
            recent.removeFirst();
        }
        long secondAgo = now - Duration.ofSeconds(1).toNanos();
        long lastSecond = recent.stream().filter(t -> t > secondAgo).count();
        if (lastSecond >= perSecond || recent.size() >= perMinute) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /** The body Keap's gateway sends with a 429 for a quota violation. */
    static String quotaViolationBody() {
        return "{\"fault\":{\"faultstring\":\"Rate limit quota violation. Quota limit  exceeded. Identifier : sandbox\","
                + "\"detail\":{\"errorcode\":\"policies.ratelimit.QuotaViolation\"}}}";
    }
}
