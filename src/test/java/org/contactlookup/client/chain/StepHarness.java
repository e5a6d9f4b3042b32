package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Secret;

/**
 * What the step tests share: a rest of the chain that records each call it is handed (with the
 * time it came, on the test's clock) and answers with the outcomes queued for it, and calls whose
 * one attempt does the same.
 */
final class StepHarness {
    /** A call as the rest of the chain got it, and when. */
    record Seen(Call<?> call, long atNanos) {
    }

    final List<Seen> seen = new ArrayList<>();
    private final Deque<CompletableFuture<Object>> outcomes = new ArrayDeque<>();
    private final org.contactlookup.testing.ManualScheduler clock;

    StepHarness(org.contactlookup.testing.ManualScheduler clock) {
        this.clock = clock;
    }

    /** The next call handed on fails with {@code failure}. */
    StepHarness thenFail(Throwable failure) {
        outcomes.add(CompletableFuture.failedFuture(failure));
        return this;
    }

    /** The next call handed on succeeds with {@code value}. */
    StepHarness thenAnswer(Object value) {
        outcomes.add(CompletableFuture.completedFuture(value));
        return this;
    }

    /** The rest of the chain, as a step sees it. */
    Step.Rest rest() {
        return new Step.Rest() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> CompletableFuture<T> proceed(Call<T> call) {
                seen.add(new Seen(call, clock.nanoTime()));
                CompletableFuture<Object> next = outcomes.poll();
                return (CompletableFuture<T>) (next == null ? CompletableFuture.failedFuture(new AssertionError("no outcome queued")) : next);
            }
        };
    }

    /** A read (or a write, {@code retry} false) with the given deadline, whose attempt must not be reached. */
    static Call<Object> call(boolean retry, Duration deadline) {
        return Call.of("DataService.echo", retry, () -> "", (header, limit) -> {
            throw new AssertionError("the step under test sends nothing itself");
        }).withDeadline(deadline.toNanos());
    }

    static Connection connection(Duration readTimeout, Duration deadline) {
        return Connection.of("steps", "steps", AuthType.API_KEY, Secret.of("KeapAK-steps"))
                .withTimeouts(Duration.ofSeconds(1), readTimeout)
                .withPolicy(CallPolicy.defaults(AuthType.API_KEY).withDeadline(deadline));
    }
}
