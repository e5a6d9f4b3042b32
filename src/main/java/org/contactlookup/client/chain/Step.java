package org.contactlookup.client.chain;

import java.util.concurrent.CompletableFuture;

/**
 * One concern of making a call (a deadline, a retry, a permit, credentials...): it may change the
 * call, wait, pass it on to the rest of the chain (once, several times or not at all) and look at
 * the outcome. The future it returns fails with the exception itself, never a wrapper.
 */
public interface Step {
    /** The steps below this one. */
    interface Rest {
        <T> CompletableFuture<T> proceed(Call<T> call);
    }

    <T> CompletableFuture<T> apply(Call<T> call, Rest rest);
}
