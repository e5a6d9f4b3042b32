package org.contactlookup.client.chain;

import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Scheduler;

/**
 * Logs each call once at {@code FINE} on {@code org.contactlookup.client}: the connection, the
 * method and its subject, the outcome, the time it took and, past one, the attempts. Never a key.
 */
final class LogOutcome implements Step {
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");

    private final String connection;
    private final Scheduler scheduler;

    LogOutcome(String connection, Scheduler scheduler) {
        this.connection = connection;
        this.scheduler = scheduler;
    }

    @Override
    public <T> CompletableFuture<T> apply(Call<T> call, Rest rest) {
        long start = scheduler.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        rest.proceed(call).whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : Failures.unwrap(failure);
            try {
                if (cause == null) {
                    log(call, start, "ok");
                } else if (cause instanceof InfusionsoftException e) {
                    log(call, start, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            } finally {
                // The call ends whatever the log line does: a throwing handler must not leave it hanging.
                if (cause == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(cause);
                }
            }
        });
        return result;
    }

    private void log(Call<?> call, long start, String outcome) {
        if (LOG.isLoggable(Level.FINE)) {
            long millis = (scheduler.nanoTime() - start) / 1_000_000;
            int attempts = call.attempts().get();
            String after = attempts <= 1 ? "" : " after " + attempts + " attempts";
            LOG.fine(connection + " " + call.method() + call.subject().get() + " " + outcome + " in " + millis + " ms" + after);
        }
    }
}
