package org.contactlookup.client.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.contactlookup.client.errors.InfusionsoftException;

/** The bridges between the client's futures and its checked exceptions. */
public final class Futures {
    /** A step of a future's pipeline that may fail with the client's own exception. */
    public interface Step<T> {
        T get() throws InfusionsoftException;
    }

    private Futures() {
    }

    /** {@code step}'s value as a completed future, or its failure as a failed one. */
    public static <T> CompletableFuture<T> of(Step<T> step) {
        try {
            return CompletableFuture.completedFuture(step.get());
        } catch (InfusionsoftException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@code future}'s outcome, its failure passed on as the exception itself, without the
     * {@code CompletionException} that composing futures wraps around it.
     */
    public static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(Failures.unwrap(failure));
            }
        });
        return result;
    }

    /**
     * Waits for {@code future} on this thread: the synchronous calls are their asynchronous
     * selves, waited for. An interrupt stops the wait (the call itself still ends at its deadline).
     */
    public static <T> T await(CompletableFuture<T> future, String what) throws InfusionsoftException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw Failures.interrupted(what, e);
        } catch (ExecutionException e) {
            throw Failures.rethrow(e.getCause());
        }
    }
}
