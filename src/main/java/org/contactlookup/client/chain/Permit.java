package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.Scheduler;

/**
 * Takes a permit from the connection's budget before each attempt, counts the attempt once it
 * has one, and waits for its moment without holding a thread. The first attempt may wait the policy's permit wait; a retry, the
 * time left before the deadline. When no permit comes in time, the budget's
 * {@code ThrottledException} ends the call and nothing is sent.
 */
final class Permit implements Step {
    private final Budget budget;
    private final Duration permitWait;
    private final Scheduler scheduler;

    Permit(Budget budget, Duration permitWait, Scheduler scheduler) {
        this.budget = budget;
        this.permitWait = permitWait;
        this.scheduler = scheduler;
    }

    @Override
    public <T> CompletableFuture<T> apply(Call<T> call, Rest rest) {
        Duration maxWait = call.attempts().get() == 0 ? permitWait : scheduler.until(call.deadline());
        Duration wait;
        try {
            wait = budget.reserve(call.method(), maxWait);
        } catch (Exception refused) {
            return CompletableFuture.failedFuture(refused);
        }
        call.attempts().incrementAndGet(); // an attempt is a call with its permit: one refused is none
        CompletableFuture<Void> permitted = new CompletableFuture<>();
        scheduler.after(wait, () -> permitted.complete(null));
        return Futures.unwrapped(permitted.thenCompose(now -> rest.proceed(call)));
    }
}
