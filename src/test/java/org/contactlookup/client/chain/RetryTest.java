package org.contactlookup.client.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

/** When a call is tried again, and when not, on a clock the test moves. */
class RetryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private final ManualScheduler clock = new ManualScheduler();
    private final StepHarness rest = new StepHarness(clock);

    private CompletableFuture<Object> run(boolean retry, Duration deadline) {
        return new Retry(3, clock).apply(StepHarness.call(retry, deadline), rest.rest());
    }

    private static Throwable failure(CompletableFuture<?> result) {
        try {
            result.get();
            throw new AssertionError("the call succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aThrottledReadIsTriedAgainAsLateAsTheServerAsked() {
        rest.thenFail(new ThrottledException("throttled", ThrottledException.Source.GATEWAY, Duration.ofSeconds(2))).thenAnswer("found");
        CompletableFuture<Object> result = run(true, DEADLINE);
        clock.advance(Duration.ofMillis(1999));
        assertEquals(1, rest.seen.size(), "not before the 2 s the server asked for");
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, rest.seen.size());
        assertEquals(2_000_000_000L, rest.seen.get(1).atNanos());
        assertEquals("found", result.join());
    }

    @Test
    void anUnavailableReadWaitsItsRetryAfterToo() {
        rest.thenFail(new HttpStatusException("unavailable", 503, Duration.ofSeconds(3))).thenAnswer("found");
        CompletableFuture<Object> result = run(true, DEADLINE);
        clock.advance(Duration.ofSeconds(3));
        assertEquals(3_000_000_000L, rest.seen.get(1).atNanos());
        assertEquals("found", result.join());
    }

    @Test
    void aWaitPastTheDeadlineEndsTheCallAtOnceWithItsFailure() {
        HttpStatusException unavailable = new HttpStatusException("unavailable", 503, Duration.ofSeconds(12));
        rest.thenFail(unavailable);
        CompletableFuture<Object> result = run(true, Duration.ofSeconds(5));
        assertSame(unavailable, failure(result));
        assertEquals(0, clock.pending(), "nothing left waiting");
        assertEquals(1, rest.seen.size());
    }

    @Test
    void aWriteIsSentOnce() {
        HttpStatusException unavailable = new HttpStatusException("unavailable", 503);
        rest.thenFail(unavailable);
        assertSame(unavailable, failure(run(false, DEADLINE)));
        assertEquals(1, rest.seen.size());
    }

    @Test
    void triesStopAtThePolicysAttempts() {
        for (int i = 0; i < 4; i++) {
            rest.thenFail(new HttpStatusException("unavailable " + i, 503));
        }
        CompletableFuture<Object> result = run(true, DEADLINE);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(3, rest.seen.size());
        assertEquals("unavailable 2", failure(result).getMessage());
    }

    @Test
    void lostConnectionsAreTriedAgainWithinTheGrowingJitterCeiling() {
        rest.thenFail(new NetworkException("lost", NetworkException.Kind.CONNECTION_LOST, null))
                .thenFail(new NetworkException("lost again", NetworkException.Kind.CONNECTION_LOST, null))
                .thenAnswer("found");
        CompletableFuture<Object> result = run(true, DEADLINE);
        clock.advance(Duration.ofMillis(600));
        assertEquals(3, rest.seen.size());
        assertTrue(rest.seen.get(1).atNanos() - rest.seen.get(0).atNanos() <= 200_000_000L, "the first backoff is at most 200 ms");
        assertTrue(rest.seen.get(2).atNanos() - rest.seen.get(1).atNanos() <= 400_000_000L, "the second at most 400 ms");
        assertEquals("found", result.join());
    }

    @Test
    void refusalsOfOurOwnAndOtherFailuresAreNotRetried() {
        ThrottledException budget = new ThrottledException("no permit", ThrottledException.Source.BUDGET, null);
        rest.thenFail(budget);
        assertSame(budget, failure(run(true, DEADLINE)));
        IllegalStateException bug = new IllegalStateException("bug");
        rest.thenFail(bug);
        assertSame(bug, failure(run(true, DEADLINE)));
        NetworkException timeout = new NetworkException("timed out", NetworkException.Kind.TIMEOUT, null);
        rest.thenFail(timeout);
        assertSame(timeout, failure(run(true, DEADLINE)));
        assertEquals(3, rest.seen.size());
        assertEquals(0, clock.pending());
    }
}
