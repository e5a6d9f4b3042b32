package org.contactlookup.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The sandbox's rate limits, shaped like Infusionsoft's: a credit pool for the legacy endpoint
 * (a burst, then one credit back per interval) and counting windows for key and token calls
 * (Keap's per-second and per-minute quotas). Thread-safe.
 */
final class Throttles {
    private final int legacyCapacity;
    private final long legacyRefillNanos;
    private final int perSecond;
    private final int perMinute;

    private double credits;
    private long lastRefill = System.nanoTime();
    private final Deque<Long> recent = new ArrayDeque<>();

    Throttles(int legacyCapacity, Duration legacyRefill, int perSecond, int perMinute) {
        this.legacyCapacity = legacyCapacity;
        this.legacyRefillNanos = legacyRefill.toNanos();
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.credits = legacyCapacity;
    }

    /** Takes one legacy credit; false when the pool is empty. */
    synchronized boolean takeLegacyCredit() {
        long now = System.nanoTime();
        credits = Math.min(legacyCapacity, credits + (double) (now - lastRefill) / legacyRefillNanos);
        lastRefill = now;
        if (credits < 1) {
            return false;
        }
        credits -= 1;
        return true;
    }

    /** Counts one key or token call; false when it would go over the per-second or per-minute quota. */
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
