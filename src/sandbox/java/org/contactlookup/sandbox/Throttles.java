package org.contactlookup.sandbox;

import java.time.Duration;

/**
 * The sandbox's rate limits, shaped like Infusionsoft's: a credit pool for the legacy endpoint
 * (a burst, then one credit back per interval) and per-second and per-minute quotas for key and
 * token calls. Each is a token bucket; a call needs a token from every bucket that applies.
 * Thread-safe.
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
    private final Bucket perSecond;
    private final Bucket perMinute;

    Throttles(int legacyCapacity, Duration legacyRefill, int perSecond, int perMinute) {
        this.legacy = new Bucket(legacyCapacity, legacyRefill.multipliedBy(legacyCapacity));
        this.perSecond = new Bucket(perSecond, Duration.ofSeconds(1));
        this.perMinute = new Bucket(perMinute, Duration.ofMinutes(1));
    }

    /** Takes one legacy credit; false when the pool is empty. */
    synchronized boolean takeLegacyCredit() {
        return take(legacy);
    }

    /** Counts one key or token call; false when it would go over the per-second or per-minute quota. */
    synchronized boolean admitApiCall() {
        return take(perSecond, perMinute);
    }

    private static boolean take(Bucket... buckets) {
        long now = System.nanoTime();
        for (Bucket b : buckets) {
            b.refill(now);
            if (b.tokens < 1) {
                return false;
            }
        }
        for (Bucket b : buckets) {
            b.tokens -= 1;
        }
        return true;
    }

    /** The body Keap's gateway sends with a 429 for a quota violation. */
    static String quotaViolationBody() {
        return "{\"fault\":{\"faultstring\":\"Rate limit quota violation. Quota limit  exceeded. Identifier : sandbox\","
                + "\"detail\":{\"errorcode\":\"policies.ratelimit.QuotaViolation\"}}}";
    }
}
