package org.contactlookup.client.chain;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.transport.Scheduler;

/**
 * How every call of a connection is made, whatever the protocol: the steps below, in this order,
 * each one job. The protocol's {@link Call.Attempt} is what the last step runs. Thread-safe.
 */
public final class CallChain {
    private final List<Step> steps;

    CallChain(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The chain for {@code connection}'s calls, spending {@code budget}, proving who they are with {@code credentials}. */
    public static CallChain assemble(Connection connection, Budget budget, Credentials credentials, Scheduler scheduler) {
        CallPolicy policy = connection.policy();
        return new CallChain(List.of(
                new LogOutcome(connection.name(), scheduler),       // one FINE line per call: outcome, time, attempts
                new Deadline(policy.deadline(), scheduler),         // the whole call ends by then, waits included
                new Retry(policy.attempts(), scheduler),            // a read again after a throttle, a 503, a lost connection
                new Permit(budget, policy.permitWait(), scheduler), // a permit from the budget, or ThrottledException
                new Authenticate(credentials),                      // the header; once more after a 401
                new Send(connection, scheduler)));                  // one attempt, within the read timeout and the time left
    }

    /** Makes {@code call}: the future completes with its result or fails with the client's own exception. */
    public <T> CompletableFuture<T> run(Call<T> call) {
        return proceed(0, call);
    }

    /** Shorthand for {@link #run(Call)} of {@link Call#of}. */
    public <T> CompletableFuture<T> run(String method, boolean retry, Supplier<String> subject, Call.Attempt<T> attempt) {
        return run(Call.of(method, retry, subject, attempt));
    }

    private <T> CompletableFuture<T> proceed(int index, Call<T> call) {
        Step.Rest rest = new Step.Rest() {
            @Override
            public <U> CompletableFuture<U> proceed(Call<U> next) {
                return CallChain.this.proceed(index + 1, next);
            }
        };
        try {
            return steps.get(index).apply(call, rest);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
