package org.contactlookup.client.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.contactlookup.client.errors.InfusionsoftException;

/** The two bridges between the client's futures and its checked exceptions. */
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
