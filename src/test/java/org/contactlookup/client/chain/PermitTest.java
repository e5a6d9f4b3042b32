package org.contactlookup.client.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

/** A permit before each attempt: how long a call may wait for it, and that it waits without a thread. */
class PermitTest {
    private static final Duration PERMIT_WAIT = Duration.ofSeconds(2);
    private final ManualScheduler clock = new ManualScheduler();
    private final StepHarness rest = new StepHarness(clock);
    private final List<Duration> asked = new ArrayList<>();

    private Budget budgetWaiting(Duration wait) {
        return (method, maxWait) -> {
            asked.add(maxWait);
            return wait;
        };
    }

    @Test
    void theCallIsHandedOnWhenItsPermitsMomentComes() {
        Call<Object> call = StepHarness.call(true, Duration.ofSeconds(20));
        rest.thenAnswer("found");
        CompletableFuture<Object> result = new Permit(budgetWaiting(Duration.ofMillis(300)), PERMIT_WAIT, clock).apply(call, rest.rest());
        assertEquals(List.of(PERMIT_WAIT), asked, "the first attempt may wait the policy's permit wait");
        assertEquals(1, call.attempts().get(), "an attempt counts once it has its permit");
        clock.advance(Duration.ofMillis(299));
        assertEquals(0, rest.seen.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, rest.seen.size());
        assertEquals("found", result.join());
    }

    @Test
    void aRetryMayWaitOnlyTheTimeLeftBeforeTheDeadline() {
        clock.advance(Duration.ofSeconds(15));
        Call<Object> call = StepHarness.call(true, Duration.ofSeconds(20));
        call.attempts().set(1); // one attempt made: this is a retry
        rest.thenAnswer("found");
        new Permit(budgetWaiting(Duration.ZERO), PERMIT_WAIT, clock).apply(call, rest.rest()).join();
        assertEquals(List.of(Duration.ofSeconds(5)), asked);
    }

    @Test
    void noPermitInTimeEndsTheCallAndNothingIsSent() {
        ThrottledException refused = new ThrottledException("no permit", ThrottledException.Source.BUDGET, Duration.ofSeconds(4));
        Budget spent = (method, maxWait) -> {
            throw refused;
        };
        Call<Object> call = StepHarness.call(true, Duration.ofSeconds(20));
        CompletableFuture<Object> result = new Permit(spent, PERMIT_WAIT, clock).apply(call, rest.rest());
        assertSame(refused, assertThrows(CompletionException.class, result::join).getCause());
        assertEquals(0, rest.seen.size());
        assertEquals(0, call.attempts().get(), "a call refused its permit made no attempt");
    }
}
