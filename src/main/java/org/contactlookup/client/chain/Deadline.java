package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.transport.Scheduler;

/**
 * Fixes when the whole call must be over: the policy's deadline from now. The steps below keep
 * to it: no retry waits past it, and each attempt gets at most the time left.
 */
final class Deadline implements Step {
    private final Duration deadline;
    private final Scheduler scheduler;

    Deadline(Duration deadline, Scheduler scheduler) {
        this.deadline = deadline;
        this.scheduler = scheduler;
    }

    @Override
    public <T> CompletableFuture<T> apply(Call<T> call, Rest rest) {
        return rest.proceed(call.withDeadline(scheduler.nanoTime() + deadline.toNanos()));
    }
}
