package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.testing.HandClock;
import org.junit.jupiter.api.Test;

/** Our count decides, and Keap's counts, once heard, bound it: never more permits than Keap said are left. */
class KeapBoundTest {
    private static final Instant START = Instant.parse("2026-12-04T10:15:30Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-12-05T00:00:00Z");
    private static final Duration PERMIT_WAIT = Duration.ofMillis(250);

    private final HandClock clock = new HandClock(START);
    /** Our own count, here one that always gives a permit at once, so that only Keap's bound shows. */
    private final KeapBound budget = new KeapBound((method, maxWait) -> Duration.ZERO, clock);

    private static KeapCounts said(Long day, Long minute, Instant at) {
        return new KeapCounts(day == null ? OptionalLong.empty() : OptionalLong.of(day), MIDNIGHT,
                minute == null ? OptionalLong.empty() : OptionalLong.of(minute), at);
    }

    private void permits(int count) throws ThrottledException {
        for (int i = 0; i < count; i++) {
            budget.reserve("DataService.query", Duration.ofDays(2));
        }
    }

    @Test
    void beforeKeapSaysAnythingOurCountAloneDecides() throws Exception {
        permits(500);
        assertEquals(Optional.empty(), budget.keapSaid());
    }

    @Test
    void aDaySpentByOthersStopsUsAtWhatKeapSaidUntilItsReset() throws Exception {
        budget.heard(said(2L, null, START));
        permits(2);
        ThrottledException e = assertThrows(ThrottledException.class, () -> budget.reserve("DataService.query", PERMIT_WAIT));
        assertEquals("DataService.query was not sent: Keap said this account has no calls left today (until 2026-12-05T00:00:00Z)",
                e.getMessage());
        assertEquals(ThrottledException.Source.BUDGET, e.source());
        assertEquals(Optional.of(Duration.between(START, MIDNIGHT)), e.retryAfter());
        clock.set(MIDNIGHT.minusMillis(1));
        assertEquals(Duration.ofMillis(1), budget.reserve("DataService.query", PERMIT_WAIT), "a caller that may wait 1 ms waits for the reset");
        clock.set(MIDNIGHT);
        assertEquals(Duration.ZERO, budget.reserve("DataService.query", PERMIT_WAIT), "the day is whole again");
    }

    @Test
    void aSpentMinuteWaitsForTheMinuteWhenTheCallerMayWaitThatLong() throws Exception {
        budget.heard(said(null, 0L, START));
        clock.set(START.plusSeconds(50));
        assertThrows(ThrottledException.class, () -> budget.reserve("DataService.query", PERMIT_WAIT));
        assertEquals(Duration.ofSeconds(10), budget.reserve("DataService.query", Duration.ofSeconds(10)));
        clock.set(START.plusSeconds(60));
        assertEquals(Duration.ZERO, budget.reserve("DataService.query", PERMIT_WAIT));
    }

    @Test
    void aNewerAnswerReplacesTheCountAndAnOlderOneDoesNot() throws Exception {
        budget.heard(said(1L, null, START));
        permits(1);
        budget.heard(said(3L, null, START.plusSeconds(1)));
        budget.heard(said(0L, null, START)); // arrived late: an answer to an earlier call
        permits(3);
        assertThrows(ThrottledException.class, () -> budget.reserve("DataService.query", PERMIT_WAIT));
        assertEquals(OptionalLong.of(3), budget.keapSaid().orElseThrow().dayLeft());
    }

    @Test
    void aPermitOurOwnCountRefusesDoesNotSpendWhatKeapSaid() throws Exception {
        boolean[] refuse = {false};
        KeapBound tight = new KeapBound((method, maxWait) -> {
            if (refuse[0]) {
                throw new ThrottledException("refused by our own count", ThrottledException.Source.BUDGET, Duration.ofSeconds(1));
            }
            return Duration.ZERO;
        }, clock);
        tight.heard(said(2L, null, START));
        tight.reserve("DataService.query", PERMIT_WAIT);
        refuse[0] = true;
        for (int i = 0; i < 3; i++) {
            ThrottledException ours = assertThrows(ThrottledException.class, () -> tight.reserve("DataService.query", PERMIT_WAIT));
            assertEquals("refused by our own count", ours.getMessage());
        }
        refuse[0] = false;
        tight.reserve("DataService.query", PERMIT_WAIT); // the second of the two Keap said
        ThrottledException keaps = assertThrows(ThrottledException.class, () -> tight.reserve("DataService.query", Duration.ofMinutes(2)));
        assertEquals("DataService.query was not sent: Keap said this account has no calls left today (until 2026-12-05T00:00:00Z)",
                keaps.getMessage());
    }
}
