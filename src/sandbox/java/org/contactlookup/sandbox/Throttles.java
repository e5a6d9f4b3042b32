package org.contactlookup.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sandbox's rate limits, shaped like Infusionsoft's: a credit pool for the legacy endpoint
 * (a burst, then one credit back per interval), and a {@link Quota} each for API-key calls and for
 * OAuth2 bearer-token calls, counted apart as Keap counts them: the minute and the day per
 * account for keys (every key of the account spends them) and per client for tokens, the second
 * per key. Says what is left in Keap's header names. Counts what it refuses. Thread-safe.
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

    /**
     * One {@link Quota} being counted: its minute window and its UTC day, shared by every
     * credential it covers (an account's keys, or an OAuth2 client's tokens), and a second window
     * per credential, since Keap's spike arrest counts each key apart.
     */
    private final class Counted {
        private final Quota quota;
        private final Map<String, Window> seconds = new HashMap<>();
        private final Window minute;
        private long day = -1;
        private int today;

        Counted(Quota quota) {
            this.quota = quota;
            this.minute = new Window(quota.perMinute(), Duration.ofMinutes(1));
        }

        boolean admit(String credential) {
            long now = nanos.getAsLong();
            rollDay();
            Window second = seconds.computeIfAbsent(credential, c -> new Window(quota.perSecond(), Duration.ofSeconds(1)));
            // Every window is checked before any counts the call, so a refused call uses up nothing.
            if (second.full(now) || minute.full(now) || quota.perDay() > 0 && today >= quota.perDay()) {
                refused++;
                return false;
            }
            second.arrivals.addLast(now);
            minute.arrivals.addLast(now);
            today++;
            return true;
        }

        /** What Keap's gateway says on an answer: the day's quota (when there is one) and the minute's throttle. */
        Map<String, String> headers() {
            rollDay();
            minute.full(nanos.getAsLong()); // drops what the minute no longer holds
            Map<String, String> headers = new LinkedHashMap<>();
            if (quota.perDay() > 0) {
                headers.put("x-keap-product-quota-limit", Integer.toString(quota.perDay()));
                headers.put("x-keap-product-quota-time-unit", "day");
                headers.put("x-keap-product-quota-interval", "1");
                headers.put("x-keap-product-quota-used", Integer.toString(today));
                headers.put("x-keap-product-quota-available", Integer.toString(Math.max(0, quota.perDay() - today)));
                headers.put("x-keap-product-quota-expiry-time", Long.toString((day + 1) * TimeUnit.DAYS.toSeconds(1)));
            }
            headers.put("x-keap-product-throttle-limit", Integer.toString(quota.perMinute()));
            headers.put("x-keap-product-throttle-time-unit", "minute");
            headers.put("x-keap-product-throttle-interval", "1");
            headers.put("x-keap-product-throttle-used", Integer.toString(minute.arrivals.size()));
            headers.put("x-keap-product-throttle-available", Integer.toString(Math.max(0, quota.perMinute() - minute.arrivals.size())));
            return headers;
        }

        private void rollDay() {
            long utcDay = Math.floorDiv(epochMillis.getAsLong(), TimeUnit.DAYS.toMillis(1));
            if (utcDay != day) {
                day = utcDay;
                today = 0;
            }
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

    /** Counts one call with the API key {@code key}; false, and counted, when a quota is used up. */
    synchronized boolean admitKeyCall(String key) {
        return keys.admit(key);
    }

    /** As {@link #admitKeyCall(String)} for the sandbox's one API key. */
    synchronized boolean admitKeyCall() {
        return keys.admit("");
    }

    /** Counts one OAuth2 bearer-token call; false, and counted, when its quota is used up. */
    synchronized boolean admitTokenCall() {
        return tokens.admit("");
    }

    /** The quota headers Keap's gateway sends with an answer to a key call: the account's counts. */
    synchronized Map<String, String> keyHeaders() {
        return keys.headers();
    }

    /** The quota headers sent with an answer to a bearer-token call: the OAuth2 client's counts. */
    synchronized Map<String, String> tokenHeaders() {
        return tokens.headers();
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
