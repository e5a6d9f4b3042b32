package org.contactlookup.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes one API call under the connection's {@link CallPolicy}, whatever the protocol: a permit
 * from the limiter, then the call, and for reads a retry on a throttle, a 503 or a dropped
 * connection, after an exponential backoff with full jitter (or the server's Retry-After when
 * longer). Everything, waits included, stays inside the policy's deadline, which also caps each
 * attempt's timeouts.
 */
final class CallRunner {
    /** One try at the call, with the timeouts it may use. */
    interface Attempt {
        Object call(Duration connectTimeout, Duration readTimeout) throws InfusionsoftException;
    }

    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final long BACKOFF_BASE_MILLIS = 200;
    private static final long BACKOFF_CAP_MILLIS = 5_000;

    private final Connection connection;
    private final Limiter limiter;

    CallRunner(Connection connection) {
        this.connection = connection;
        this.limiter = new Limiter(connection.policy().limits());
    }

    /**
     * @param retry   whether failures that are safe to repeat are retried (reads only, unless asked)
     * @param subject what to add to the log line, such as a shortened email; may be empty
     */
    Object run(String method, boolean retry, Supplier<String> subject, Attempt call) throws InfusionsoftException {
        CallPolicy policy = connection.policy();
        long start = System.nanoTime();
        long deadline = start + policy.deadline().toNanos();
        int attempt = 1;
        while (true) {
            try {
                limiter.acquire(method, attempt == 1 ? policy.permitWait() : remaining(deadline));
                Object result = attempt(method, deadline, call);
                log(method, start, attempt, "ok", subject);
                return result;
            } catch (InfusionsoftException e) {
                Duration wait = retry && attempt < policy.attempts() ? backoff(e, attempt) : null;
                if (wait == null || System.nanoTime() + wait.toNanos() >= deadline) {
                    log(method, start, attempt, e.getClass().getSimpleName() + ": " + e.getMessage(), subject);
                    throw e;
                }
                sleep(method, wait);
                attempt++;
            }
        }
    }

    private Object attempt(String method, long deadline, Attempt call) throws InfusionsoftException {
        Duration left = remaining(deadline);
        if (left.toMillis() < 1) {
            throw new NetworkException(method + " to " + connection.endpoint().getAuthority() + " ran out of time (deadline "
                    + connection.policy().deadline().toMillis() + " ms)", NetworkException.Kind.TIMEOUT, null);
        }
        Duration connect = min(connection.connectTimeout(), left);
        Duration read = min(connection.readTimeout(), left);
        return call.call(connect, read);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** How long to wait before trying again, or null when this failure is not worth repeating. */
    static Duration backoff(InfusionsoftException e, int attempt) {
        boolean repeatable = (e instanceof ThrottledException t && t.httpStatus() != 0)
                || (e instanceof HttpStatusException h && h.status() == 503)
                || (e instanceof NetworkException n && n.kind() == NetworkException.Kind.CONNECTION_LOST);
        if (!repeatable) {
            return null;
        }
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << (attempt - 1));
        Duration jittered = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
        Duration asked = e instanceof ThrottledException t ? t.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
        return asked.compareTo(jittered) > 0 ? asked : jittered;
    }

    private static Duration remaining(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private static void sleep(String method, Duration wait) throws NetworkException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException(method + " was interrupted while waiting to retry", NetworkException.Kind.TIMEOUT, e);
        }
    }

    private void log(String method, long startNanos, int attempts, String outcome, Supplier<String> subject) {
        if (LOG.isLoggable(Level.FINE)) {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            String tries = attempts == 1 ? "" : " after " + attempts + " attempts";
            LOG.fine(connection.name() + " " + method + subject.get() + " " + outcome + " in " + millis + " ms" + tries);
        }
    }
}
