package org.contactlookup.client.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.contactlookup.client.errors.ThrottledException;

/**
 * How a client spends its connection's budget and how long a call may take, built once per
 * connection. Immutable.
 *
 * @param limits     the API's rate limits, all enforced at once; the defaults follow the auth
 *                   type: legacy a pool of 10,000 then 2 per second ({@code 10000+2/s}); API
 *                   keys 10/s, 240/min, 30,000/day; OAuth2 25/s (Keap's spike arrest), 1,500/min,
 *                   150,000/day
 * @param permitWait how long a caller may wait for a permit before it fails with
 *                   {@link ThrottledException} (default 250 ms)
 * @param deadline   the most one call may take, retries and their waits included (default 20 s)
 * @param attempts   how many times a read is tried when it meets a throttle, a 503 or a dropped
 *                   connection (default 3; 1 turns retries off)
 * @param cacheTtl   how long a {@code findByEmail} result is reused; zero (the default) for never
 * @param cacheSize  the most results the cache holds (default 1,000)
 * @param maxInFlight the most lookups waiting for an answer at once (identical lookups sharing
 *                   one call count once); past it a lookup fails at once with
 *                   {@link ThrottledException} (default 50: Keap's key limits allow 10 calls a
 *                   second, so 50 waiting means the API is some 5 s behind, and waiting longer
 *                   only holds memory and sockets)
 */
public record CallPolicy(List<RateLimit> limits, Duration permitWait, Duration deadline, int attempts,
                         Duration cacheTtl, int cacheSize, int maxInFlight) {
    public static final Duration DEFAULT_PERMIT_WAIT = Duration.ofMillis(250);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(20);
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final int DEFAULT_CACHE_SIZE = 1000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 50;

    public CallPolicy {
        limits = List.copyOf(limits);
        Objects.requireNonNull(permitWait, "permitWait");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (permitWait.isNegative()) {
            throw new IllegalArgumentException("permit wait must not be negative");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, not " + deadline);
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be 1 to 10, not " + attempts);
        }
        if (cacheTtl.isNegative() || cacheSize < 1) {
            throw new IllegalArgumentException("the cache needs a non-negative lifetime and a positive size");
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new IllegalArgumentException("lookups in flight must be 1 to 100000, not " + maxInFlight);
        }
    }

    /** The documented limits of Keap for {@code type}, and the defaults above. */
    public static CallPolicy defaults(AuthType type) {
        return new CallPolicy(defaultLimits(type), DEFAULT_PERMIT_WAIT, DEFAULT_DEADLINE, DEFAULT_ATTEMPTS,
                Duration.ZERO, DEFAULT_CACHE_SIZE, DEFAULT_MAX_IN_FLIGHT);
    }

    static List<RateLimit> defaultLimits(AuthType type) {
        return switch (type) {
            // A credit pool of 10,000, one back every 500 ms.
            case LEGACY_KEY -> List.of(RateLimit.parse("10000+2/s"));
            case API_KEY -> List.of(RateLimit.parse("10/s"), RateLimit.parse("240/min"), RateLimit.parse("30000/day"));
            // Keap's spike arrest allows 25 a second besides the quotas; paced, that is one call every 40 ms.
            case OAUTH2 -> List.of(RateLimit.parse("25/s"), RateLimit.parse("1500/min"), RateLimit.parse("150000/day"));
        };
    }

    public CallPolicy withLimits(List<RateLimit> newLimits) {
        return new CallPolicy(newLimits, permitWait, deadline, attempts, cacheTtl, cacheSize, maxInFlight);
    }

    public CallPolicy withPermitWait(Duration wait) {
        return new CallPolicy(limits, wait, deadline, attempts, cacheTtl, cacheSize, maxInFlight);
    }

    public CallPolicy withDeadline(Duration newDeadline) {
        return new CallPolicy(limits, permitWait, newDeadline, attempts, cacheTtl, cacheSize, maxInFlight);
    }

    public CallPolicy withAttempts(int newAttempts) {
        return new CallPolicy(limits, permitWait, deadline, newAttempts, cacheTtl, cacheSize, maxInFlight);
    }

    public CallPolicy withCache(Duration ttl, int size) {
        return new CallPolicy(limits, permitWait, deadline, attempts, ttl, size, maxInFlight);
    }

    public CallPolicy withMaxInFlight(int newMaxInFlight) {
        return new CallPolicy(limits, permitWait, deadline, attempts, cacheTtl, cacheSize, newMaxInFlight);
    }
}
