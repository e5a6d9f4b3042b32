package org.contactlookup.client.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The client's clock and its waits. The call chain's steps, the lookups' coalescer and cache,
 * and the OAuth2 token source read the time and wait through this, never through
 * {@code System.nanoTime()} or a sleep, so that a test can drive them with a clock of its own and
 * show each rule without sleeping. {@link Timer} is the real one. The stores keep the system
 * clock (the in-memory limiter's windows, a token file's lease, the moment Redis was refilled),
 * since they are compared with other processes' time. Implementations are thread-safe.
 */
public interface Scheduler {
    /** A monotonic time in nanoseconds, for intervals and deadlines. */
    long nanoTime();

    /** The wall-clock time, for token expiries and what a log line says. */
    Instant now();

    /**
     * Runs {@code task} after {@code delay} on the scheduler's own thread: for short tasks only,
     * such as completing a future with a timeout. Running the returned handle cancels it.
     */
    Runnable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} after {@code delay} (at once, on this thread, for no delay) on a worker,
     * for tasks that may wait on a file or on Redis.
     */
    void after(Duration delay, Runnable task);

    /** Runs {@code task} on a worker now. */
    void execute(Runnable task);

    /**
     * {@code future}'s outcome, or {@code failure} if it has not come within {@code limit}. A
     * failure is passed on as it is, not wrapped in a {@code CompletionException}.
     */
    default <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration limit, Supplier<? extends Throwable> failure) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        Runnable cancel = schedule(limit, () -> bounded.completeExceptionally(failure.get()));
        future.whenComplete((value, error) -> {
            cancel.run();
            if (error == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(Failures.unwrap(error));
            }
        });
        return bounded;
    }

    /** The time from now until {@code deadlineNanos} on {@link #nanoTime()}; zero once it has passed. */
    default Duration until(long deadlineNanos) {
        long left = deadlineNanos - nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }
}
