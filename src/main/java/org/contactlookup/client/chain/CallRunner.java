package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.HttpEngine;

/**
 * Makes one API call under the connection's {@link CallPolicy}, whatever the protocol: a permit
 * from the limiter, then the call, and for reads a retry on a throttle, a 503 or a dropped
 * connection, after an exponential backoff with full jitter (or the server's Retry-After, sent
 * with a 429 or a 503, when longer). Everything, waits included, stays inside the policy's deadline; each attempt is also
 * bounded by the connection's read timeout. No thread waits: the wait for a permit and the
 * backoff are scheduled on the engine's timer, and the answer completes the future.
 */
public final class CallRunner {
    /** One try at the call, which must end within {@code limit} (the engine enforces it). */
    public interface Attempt<T> {
        CompletableFuture<T> start(Duration limit);
    }

    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final long BACKOFF_BASE_MILLIS = 200;
    private static final long BACKOFF_CAP_MILLIS = 5_000;

    private final Connection connection;
    private final Budget budget;
    private final HttpEngine engine;

    public CallRunner(Connection connection, Budget budget, HttpEngine engine) {
        this.connection = connection;
        this.budget = budget;
        this.engine = engine;
    }

    /**
     * @param retry   whether failures that are safe to repeat are retried (reads only, unless asked)
     * @param subject what to add to the log line, such as a shortened email; may be empty
     */
    public <T> CompletableFuture<T> run(String method, boolean retry, Supplier<String> subject, Attempt<T> attempt) {
        Call<T> call = new Call<>(method, retry, subject, attempt);
        call.reserve(connection.policy().permitWait());
        return call.result;
    }

    /** One call's progress through its attempts. */
    private final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final String method;
        final boolean retry;
        final Supplier<String> subject;
        final Attempt<T> attempt;
        final long start = System.nanoTime();
        final long deadline = start + connection.policy().deadline().toNanos();
        int tries;

        Call(String method, boolean retry, Supplier<String> subject, Attempt<T> attempt) {
            this.method = method;
            this.retry = retry;
            this.subject = subject;
            this.attempt = attempt;
        }

        void reserve(Duration maxWait) {
            try {
                engine.after(budget.reserve(method, maxWait), this::send);
            } catch (ThrottledException e) {
                fail(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        void send() {
            tries++;
            Duration left = remaining();
            if (left.toMillis() < 1) {
                fail(new NetworkException(method + " to " + connection.endpoint().getAuthority() + " ran out of time (deadline "
                        + connection.policy().deadline().toMillis() + " ms)", NetworkException.Kind.TIMEOUT, null));
                return;
            }
            Duration limit = connection.readTimeout().compareTo(left) <= 0 ? connection.readTimeout() : left;
            CompletableFuture<T> answer;
            try {
                answer = attempt.start(limit);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            answer.whenComplete((value, failure) -> {
                if (failure == null) {
                    log("ok");
                    result.complete(value);
                } else {
                    retryOrFail(Failures.unwrap(failure));
                }
            });
        }

        void retryOrFail(Throwable failure) {
            if (!(failure instanceof InfusionsoftException e)) {
                result.completeExceptionally(failure);
                return;
            }
            Duration wait = retry && tries < connection.policy().attempts() ? backoff(e, tries) : null;
            if (wait == null || System.nanoTime() + wait.toNanos() >= deadline) {
                fail(e);
                return;
            }
            try {
                engine.after(wait, () -> reserve(remaining()));
            } catch (RuntimeException stopped) {
                result.completeExceptionally(stopped); // the client was closed meanwhile
            }
        }

        void fail(InfusionsoftException e) {
            log(e.getClass().getSimpleName() + ": " + e.getMessage());
            result.completeExceptionally(e);
        }

        Duration remaining() {
            long left = deadline - System.nanoTime();
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }

        void log(String outcome) {
            if (LOG.isLoggable(Level.FINE)) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                String after = tries <= 1 ? "" : " after " + tries + " attempts";
                LOG.fine(connection.name() + " " + method + subject.get() + " " + outcome + " in " + millis + " ms" + after);
            }
        }
    }

    /** How long to wait before trying again, or null when this failure is not worth repeating. */
    public static Duration backoff(InfusionsoftException e, int attempt) {
        boolean repeatable = (e instanceof ThrottledException t && t.source().isServer())
                || (e instanceof HttpStatusException h && h.status() == 503)
                || (e instanceof NetworkException n && n.kind() == NetworkException.Kind.CONNECTION_LOST);
        if (!repeatable) {
            return null;
        }
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << (attempt - 1));
        Duration jittered = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
        Duration asked = e instanceof ThrottledException t ? t.retryAfter().orElse(Duration.ZERO)
                : e instanceof HttpStatusException h ? h.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
        return asked.compareTo(jittered) > 0 ? asked : jittered;
    }
}
