package org.contactlookup.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sandbox's rate limits, shaped like Infusionsoft's: a credit pool for the legacy endpoint
 * (a burst, then one credit back per interval), and a {@link Quota} each for API-key calls and for
 * OAuth2 bearer-token calls, counted apart as Keap counts them (key quotas per account, OAuth2
 * quotas per client). Counts what it refuses. Thread-safe.
 */
final class Throttles {
    /** {@code capacity} tokens, refilled evenly at {@code capacity} per {@code period}. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(long capacity, Duration period, long now) {
            this.capacity = capacity;
            this.perNano = (double) capacity / period.toNanos();
            this.tokens = capacity;
            this.last = now;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }

    /** The calls of the last {@code window}, by arrival time. */
    private static final class Window {
        private final int limit;
        private final long window;
        private final Deque<Long> arrivals = new ArrayDeque<>();

        Window(int limit, Duration window) {
            this.limit = limit;
            this.window = window.toNanos();
        }

        boolean full(long now) {
            while (!arrivals.isEmpty() && now - arrivals.peekFirst() >= window) {
                arrivals.removeFirst();
            }
            return arrivals.size() >= limit;
        }
    }

    /** One {@link Quota} being counted: its second and minute windows and its UTC day. */
    private final class Counted {
        private final Window second;
        private final Window minute;
        private final int perDay;
        private long day = -1;
        private int today;

        Counted(Quota quota) {
            this.second = new Window(quota.perSecond(), Duration.ofSeconds(1));
            this.minute = new Window(quota.perMinute(), Duration.ofMinutes(1));
            this.perDay = quota.perDay();
        }

        boolean admit() {
            long now = nanos.getAsLong();
            long utcDay = Math.floorDiv(epochMillis.getAsLong(), TimeUnit.DAYS.toMillis(1));
            if (utcDay != day) {
                day = utcDay;
                today = 0;
            }
            // Both windows are checked before either counts the call, so a refused call uses up nothing.
            if (second.full(now) || minute.full(now) || perDay > 0 && today >= perDay) {
                refused++;
                return false;
            }
            second.arrivals.addLast(now);
            minute.arrivals.addLast(now);
            today++;
            return true;
        }
    }

    private final LongSupplier nanos;
    private final LongSupplier epochMillis;
    private final Bucket legacy;
    private final Counted keys;
    private final Counted tokens;
    private int refused;

    Throttles(int legacyCapacity, Duration legacyRefill, Quota keys, Quota tokens) {
        this(legacyCapacity, legacyRefill, keys, tokens, System::nanoTime, System::currentTimeMillis);
    }

    /** With the time taken from {@code nanos} (windows) and {@code epochMillis} (the UTC day), so a test can move it by hand. */
    Throttles(int legacyCapacity, Duration legacyRefill, Quota keys, Quota tokens, LongSupplier nanos, LongSupplier epochMillis) {
        this.nanos = nanos;
        this.epochMillis = epochMillis;
        this.legacy = new Bucket(legacyCapacity, legacyRefill.multipliedBy(legacyCapacity), nanos.getAsLong());
        this.keys = new Counted(keys);
        this.tokens = new Counted(tokens);
    }

    /** Takes one legacy credit; false, and counted, when the pool is empty. */
    synchronized boolean takeLegacyCredit() {
        legacy.refill(nanos.getAsLong());
        if (legacy.tokens < 1) {
            refused++;
            return false;
        }
        legacy.tokens -= 1;
        return true;
    }

    /** Counts one API-key call; false, and counted, when its quota is used up. */
    synchronized boolean admitKeyCall() {
        return keys.admit();
    }

    /** Counts one OAuth2 bearer-token call; false, and counted, when its quota is used up. */
    synchronized boolean admitTokenCall() {
        return tokens.admit();
    }

    /** How many calls, of every kind, have been refused so far. */
    synchronized int refused() {
        return refused;
    }

    /** The body Keap's gateway sends with a 429 for a quota violation. */
    static String quotaViolationBody() {
        return "{\"fault\":{\"faultstring\":\"Rate limit quota violation. Quota limit  exceeded. Identifier : sandbox\","
                + "\"detail\":{\"errorcode\":\"policies.ratelimit.QuotaViolation\"}}}";
    }
}
