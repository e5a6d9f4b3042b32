package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's quotas on a hand-moved clock: Keap's key limits and its OAuth2 limits, each
 * counted apart, with the OAuth2 day ending at 00:00 UTC.
 */
class ThrottlesTest {
    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-12-03T23:59:00Z");

    private long nanos;
    private long millis = LATE_EVENING_UTC.toEpochMilli();
    private final Throttles throttles = new Throttles(10_000, Duration.ofMillis(500), Quota.KEAP_KEYS, Quota.KEAP_OAUTH2,
            () -> nanos, () -> millis);

    private void advance(Duration by) {
        nanos += by.toNanos();
        millis += by.toMillis();
    }

    /** How many of {@code tries} calls were admitted. */
    private static int admitted(int tries, BooleanSupplier call) {
        int admitted = 0;
        for (int i = 0; i < tries; i++) {
            admitted += call.getAsBoolean() ? 1 : 0;
        }
        return admitted;
    }

    @Test
    void bearerTokensGetKeapsSpikeArrestOf25InAnySecond() {
        assertEquals(25, admitted(30, throttles::admitTokenCall));
        advance(Duration.ofMillis(999));
        assertEquals(0, admitted(1, throttles::admitTokenCall));
        advance(Duration.ofMillis(1));
        assertEquals(25, admitted(30, throttles::admitTokenCall));
        assertEquals(11, throttles.refused());
    }

    @Test
    void aMinuteQuotaCountsTheCallsOfTheLastSixtySeconds() {
        Throttles minute = new Throttles(1, Duration.ofSeconds(1), Quota.KEAP_KEYS, new Quota(10, 30, 0), () -> nanos, () -> millis);
        for (int second = 0; second < 3; second++) {
            assertEquals(10, admitted(10, minute::admitTokenCall), "second " + second);
            advance(Duration.ofSeconds(1));
        }
        advance(Duration.ofMillis(56_999)); // the first second's calls are now 59.999 s old
        assertEquals(0, admitted(1, minute::admitTokenCall));
        advance(Duration.ofMillis(1));
        assertEquals(10, admitted(11, minute::admitTokenCall));
    }

    @Test
    void keapsOAuth2NumbersAreTheDocumentedOnes() {
        assertEquals(new Quota(25, 1500, 150_000), Quota.KEAP_OAUTH2);
        assertEquals(new Quota(10, 240, 30_000), Quota.KEAP_KEYS);
    }

    @Test
    void aDayQuotaStartsAgainAtMidnightUtc() {
        Throttles daily = new Throttles(1, Duration.ofSeconds(1), Quota.KEAP_KEYS, new Quota(1000, 100_000, 3), () -> nanos, () -> millis);
        assertEquals(3, admitted(5, daily::admitTokenCall));
        advance(Duration.ofSeconds(59)); // 23:59:59 UTC
        assertEquals(0, admitted(1, daily::admitTokenCall));
        advance(Duration.ofSeconds(1)); // 00:00:00 UTC
        assertEquals(3, admitted(5, daily::admitTokenCall));
    }

    @Test
    void keysGet10ASecondAnd240AMinuteCountedApartFromTokens() {
        assertEquals(25, admitted(25, throttles::admitTokenCall));
        assertEquals(10, admitted(15, throttles::admitKeyCall));
        for (int second = 1; second < 24; second++) {
            advance(Duration.ofSeconds(1));
            assertEquals(10, admitted(10, throttles::admitKeyCall), "second " + second);
        }
        advance(Duration.ofSeconds(1));
        assertEquals(0, admitted(1, throttles::admitKeyCall), "240 in the last minute");
        assertEquals(25, admitted(25, throttles::admitTokenCall), "tokens have their own quota");
        assertEquals(6, throttles.refused());
    }

    @Test
    void aRefusedCallUsesUpNothing() {
        Throttles strict = new Throttles(1, Duration.ofSeconds(1), new Quota(2, 3, 0), Quota.KEAP_OAUTH2, () -> nanos, () -> millis);
        assertEquals(2, admitted(10, strict::admitKeyCall));
        advance(Duration.ofSeconds(1));
        assertEquals(1, admitted(10, strict::admitKeyCall), "the minute held 2 admitted calls, not 10");
    }

    @Test
    void theLegacyPoolIsCountedWhenEmpty() {
        Throttles pool = new Throttles(2, Duration.ofMillis(500), Quota.KEAP_KEYS, Quota.KEAP_OAUTH2, () -> nanos, () -> millis);
        assertEquals(2, admitted(3, pool::takeLegacyCredit));
        advance(Duration.ofMillis(500));
        assertEquals(1, admitted(2, pool::takeLegacyCredit));
        assertEquals(2, pool.refused());
    }

    @Test
    void quotasNameTheCountThatIsOutOfRange() {
        assertEquals("calls per second must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new Quota(0, 1, 0)).getMessage());
        assertEquals("calls per minute must be at least 1, not -5",
                assertThrows(IllegalArgumentException.class, () -> new Quota(1, -5, 0)).getMessage());
        assertEquals("calls per day must be 0 (none) or more, not -1",
                assertThrows(IllegalArgumentException.class, () -> new Quota(1, 1, -1)).getMessage());
    }

    @Test
    void theLimitsLineKeepsAClientWithinKeapAndTheSandbox() {
        assertEquals("25/s, 1500/min, 150000/day", Quota.KEAP_OAUTH2.within(Quota.KEAP_OAUTH2).limits());
        assertEquals("25/s, 1500/min, 150000/day", new Quota(100_000, 1_000_000, 0).within(Quota.KEAP_OAUTH2).limits());
        assertEquals("2/s, 100/min, 7/day", new Quota(2, 100, 7).within(Quota.KEAP_OAUTH2).limits());
        assertEquals("10/s, 240/min, 30000/day", Quota.KEAP_KEYS.within(new Quota(25, 1500, 0)).limits());
    }
}
