package org.contactlookup.client.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

/** One attempt's time limit: the read timeout or the time left, whichever is shorter. */
class SendTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final Connection connection = StepHarness.connection(Duration.ofSeconds(15), Duration.ofSeconds(20));
    private final List<Duration> limits = new ArrayList<>();

    private CompletableFuture<Object> send(Duration deadline) {
        Call<Object> call = Call.of("DataService.echo", true, () -> "", (header, limit) -> {
            limits.add(limit);
            return CompletableFuture.completedFuture("answered");
        });
        return new Send(connection, clock).apply(call.withDeadline(deadline.toNanos()), null);
    }

    @Test
    void anAttemptGetsTheReadTimeoutWhenMoreTimeIsLeft() {
        assertEquals("answered", send(Duration.ofSeconds(20)).join());
        assertEquals(List.of(Duration.ofSeconds(15)), limits);
    }

    @Test
    void anAttemptGetsOnlyTheTimeLeftBeforeTheDeadline() {
        clock.advance(Duration.ofSeconds(17));
        send(Duration.ofSeconds(20)).join();
        assertEquals(List.of(Duration.ofSeconds(3)), limits);
    }

    @Test
    void withNoTimeLeftNothingIsSent() {
        clock.advance(Duration.ofSeconds(20));
        CompletionException e = assertThrows(CompletionException.class, send(Duration.ofSeconds(20))::join);
        NetworkException timeout = (NetworkException) e.getCause();
        assertEquals(NetworkException.Kind.TIMEOUT, timeout.kind());
        assertEquals("DataService.echo to " + connection.endpoint().getAuthority() + " ran out of time (deadline 20000 ms)",
                timeout.getMessage());
        assertEquals(List.of(), limits);
    }
}
