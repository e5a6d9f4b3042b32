package org.contactlookup.client.oauth;

import java.time.Duration;
import java.time.Instant;

/** When a {@link TokenSource} refreshes, retries and reads its store again: all of it relative to the token's lifetime. */
final class RefreshTiming {
    static final Duration MIN_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(60);
    private static final Duration RETRY_WHEN_EXPIRED = Duration.ofSeconds(5);
    private static final Duration MIN_SYNC = Duration.ofMillis(250);
    private static final Duration MAX_SYNC = Duration.ofSeconds(60);
    private static final Duration MAX_FORCE_AGE = Duration.ofSeconds(30);

    private RefreshTiming() {
    }

    /** How often the store is read again: an eighth of the lifetime, 250 ms to 60 s; 60 s with no tokens. */
    static Duration syncInterval(Tokens tokens) {
        return tokens == null ? MAX_SYNC : clamp(lifetime(tokens).dividedBy(8), MIN_SYNC, MAX_SYNC);
    }

    /** How long after a failed refresh to try again: a tenth of what is left, 1 to 60 s; 5 s once expired. */
    static Duration retryDelay(Tokens tokens, Instant now) {
        if (tokens == null || tokens.expired(now)) {
            return RETRY_WHEN_EXPIRED;
        }
        return clamp(Duration.between(now, tokens.expiresAt()).dividedBy(10), MIN_RETRY, MAX_RETRY);
    }

    /**
     * A refused token is refreshed early only when it is not brand new (a quarter of its lifetime,
     * at most 30 s): a server that refuses every token for another reason must not get a refresh per call.
     */
    static boolean oldEnoughToForce(Tokens tokens, Instant now) {
        Duration quarter = lifetime(tokens).dividedBy(4);
        return !now.isBefore(tokens.obtainedAt().plus(quarter.compareTo(MAX_FORCE_AGE) < 0 ? quarter : MAX_FORCE_AGE));
    }

    static boolean needsRefresh(Tokens tokens, boolean force, Instant now) {
        return force || tokens.expired(now) || !now.isBefore(tokens.refreshAt());
    }

    /** The pair obtained later; either may be null. */
    static Tokens newest(Tokens a, Tokens b) {
        if (a == null) {
            return b;
        }
        return b != null && a.olderThan(b) ? b : a;
    }

    private static Duration lifetime(Tokens tokens) {
        return Duration.between(tokens.obtainedAt(), tokens.expiresAt());
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
