package org.contactlookup.client.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

/** The assembled chain: its steps in their order, on the test's clock. */
class CallChainTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final Connection connection = StepHarness.connection(Duration.ofSeconds(15), Duration.ofSeconds(20));
    private final List<String> events = new ArrayList<>();

    private final Budget budget = (method, maxWait) -> {
        events.add("permit at " + clock.nanoTime() / 1_000_000 + " ms");
        return Duration.ofMillis(100);
    };

    @Test
    void aThrottledReadGoesThroughPermitCredentialsAndSendTwice() {
        CallChain chain = CallChain.assemble(connection, budget, Credentials.fixed("X-Keap-API-Key", "KeapAK-1"), clock);
        List<CompletableFuture<Object>> answers = new ArrayList<>(List.of(
                CompletableFuture.failedFuture(new ThrottledException("throttled", ThrottledException.Source.GATEWAY, Duration.ofSeconds(1))),
                CompletableFuture.completedFuture("found")));
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            CompletableFuture<Object> result = chain.run("DataService.echo", true, () -> " for j***@example.com", (header, limit) -> {
                events.add("sent at " + clock.nanoTime() / 1_000_000 + " ms with " + header.name() + " within " + limit.toMillis() + " ms");
                return answers.remove(0);
            });
            clock.advance(Duration.ofSeconds(2));
            assertEquals("found", result.join());
            assertEquals(List.of("permit at 0 ms", "sent at 100 ms with X-Keap-API-Key within 15000 ms",
                    "permit at 1100 ms", "sent at 1200 ms with X-Keap-API-Key within 15000 ms"), events);
            assertTrue(log.lines().contains("FINE steps DataService.echo for j***@example.com ok in 1200 ms after 2 attempts"),
                    log.lines().toString());
        }
    }

    @Test
    void aRetryWhosePermitIsRefusedIsNotCountedAsAnAttempt() {
        Budget onePermit = new Budget() {
            private int given;

            @Override
            public Duration reserve(String method, Duration maxWait) throws ThrottledException {
                if (given++ > 0) {
                    throw new ThrottledException("no permit", ThrottledException.Source.BUDGET, Duration.ofSeconds(30));
                }
                return Duration.ZERO;
            }
        };
        CallChain chain = CallChain.assemble(connection, onePermit, Credentials.NONE, clock);
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            CompletableFuture<Object> result = chain.run("DataService.echo", true, () -> "", (header, limit) ->
                    CompletableFuture.failedFuture(new ThrottledException("throttled", ThrottledException.Source.GATEWAY, Duration.ofSeconds(1))));
            clock.advance(Duration.ofSeconds(2));
            assertEquals("no permit", assertThrows(java.util.concurrent.CompletionException.class, result::join).getCause().getMessage());
            assertEquals(List.of("FINE steps DataService.echo ThrottledException: no permit in 1000 ms"), log.lines(), "one attempt, so no count");
        }
    }

    @Test
    void theDeadlineCountsFromTheStartPermitWaitsIncluded() {
        Budget slow = (method, maxWait) -> Duration.ofSeconds(8);
        CallChain chain = CallChain.assemble(connection, slow, Credentials.NONE, clock);
        List<Duration> limits = new ArrayList<>();
        CompletableFuture<Object> result = chain.run("DataService.echo", true, () -> "", (header, limit) -> {
            limits.add(limit);
            return CompletableFuture.completedFuture("found");
        });
        clock.advance(Duration.ofSeconds(8));
        assertEquals("found", result.join());
        assertEquals(List.of(Duration.ofSeconds(12)), limits, "20 s deadline, 8 s of it spent waiting for the permit");
    }

    @Test
    void aResendAfterA401TakesNoSecondPermitAndIsOneAttempt() {
        Credentials token = new Credentials() {
            @Override
            public CompletableFuture<Header> header() {
                return CompletableFuture.completedFuture(new Header("Authorization", "Bearer old"));
            }

            @Override
            public java.util.Optional<CompletableFuture<Header>> afterRefusal(Header used) {
                return java.util.Optional.of(CompletableFuture.completedFuture(new Header("Authorization", "Bearer new")));
            }
        };
        CallChain chain = CallChain.assemble(connection, budget, token, clock);
        List<CompletableFuture<Object>> answers = new ArrayList<>(List.of(
                CompletableFuture.failedFuture(new HttpStatusException("refused", 401)), CompletableFuture.completedFuture("found")));
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            CompletableFuture<Object> result = chain.run("DataService.echo", true, () -> "", (header, limit) -> {
                events.add("sent with " + header.value());
                return answers.remove(0);
            });
            clock.advance(Duration.ofSeconds(1));
            assertEquals("found", result.join());
            assertEquals(List.of("permit at 0 ms", "sent with Bearer old", "sent with Bearer new"), events);
            assertTrue(log.lines().contains("FINE steps DataService.echo ok in 100 ms"), log.lines().toString());
        }
    }
}
