package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Scheduler;

/**
 * Tries a call that may be repeated (a read) again when the server throttled it, answered 503 or
 * dropped the connection: up to the policy's attempts, after an exponential backoff with full
 * jitter, or the server's {@code Retry-After} when that is longer; never when the wait would pass
 * the deadline. Anything else, and every write, fails at once.
 */
final class Retry implements Step {
    private static final long BACKOFF_BASE_MILLIS = 200;
    private static final long BACKOFF_CAP_MILLIS = 5_000;

    private final int attempts;
    private final Scheduler scheduler;

    Retry(int attempts, Scheduler scheduler) {
        this.attempts = attempts;
        this.scheduler = scheduler;
    }

    @Override
    public <T> CompletableFuture<T> apply(Call<T> call, Rest rest) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, rest, result, 1);
        return result;
    }

    private <T> void attempt(Call<T> call, Rest rest, CompletableFuture<T> result, int tries) {
        rest.proceed(call).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = Failures.unwrap(failure);
            Duration wait = call.retry() && tries < attempts && cause instanceof InfusionsoftException e ? backoff(e, tries) : null;
            if (wait == null || scheduler.nanoTime() + wait.toNanos() >= call.deadline()) {
                result.completeExceptionally(cause);
                return;
            }
            try {
                scheduler.after(wait, () -> attempt(call, rest, result, tries + 1));
            } catch (RuntimeException stopped) {
                result.completeExceptionally(stopped); // the client was closed meanwhile
            }
        });
    }

    /** How long to wait before try {@code tries + 1}, or null when this failure is not worth repeating. */
    static Duration backoff(InfusionsoftException e, int tries) {
        boolean repeatable = (e instanceof ThrottledException t && t.source().isServer())
                || (e instanceof HttpStatusException h && h.status() == 503)
                || (e instanceof NetworkException n && n.kind() == NetworkException.Kind.CONNECTION_LOST);
        if (!repeatable) {
            return null;
        }
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << (tries - 1));
        Duration jittered = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
        Duration asked = e instanceof ThrottledException t ? t.retryAfter().orElse(Duration.ZERO)
                : e instanceof HttpStatusException h ? h.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
        return asked.compareTo(jittered) > 0 ? asked : jittered;
    }
}
