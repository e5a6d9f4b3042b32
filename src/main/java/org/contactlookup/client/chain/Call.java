package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One API call on its way down the {@link CallChain}: what it is (its method, whether it may be
 * repeated, what its log line names) and how to make one attempt of it; and what the steps above
 * have settled so far (its deadline, the credentials header). Immutable but for the count of
 * attempts that got a permit, which every step of one call shares.
 *
 * @param deadline when the whole call must be over, on the scheduler's {@code nanoTime}
 * @param header   the credentials to send, once {@link Authenticate} has settled them
 */
public record Call<T>(String method, boolean retry, Supplier<String> subject, Attempt<T> attempt,
                      long deadline, Credentials.Header header, AtomicInteger attempts) {
    /** One try at the call: sends with {@code header} and reads the answer, all within {@code limit}. */
    public interface Attempt<T> {
        CompletableFuture<T> send(Credentials.Header header, Duration limit);
    }

    /**
     * @param retry   whether failures that are safe to repeat are retried (reads only, unless asked)
     * @param subject what to add to the log line, such as a shortened email; may be empty
     */
    public static <T> Call<T> of(String method, boolean retry, Supplier<String> subject, Attempt<T> attempt) {
        return new Call<>(method, retry, subject, attempt, Long.MAX_VALUE, null, new AtomicInteger());
    }

    Call<T> withDeadline(long nanos) {
        return new Call<>(method, retry, subject, attempt, nanos, header, attempts);
    }

    Call<T> withHeader(Credentials.Header value) {
        return new Call<>(method, retry, subject, attempt, deadline, value, attempts);
    }
}
