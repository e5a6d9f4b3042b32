package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.Scheduler;

/**
 * The end of the chain: one attempt, bounded by the connection's read timeout or the time left
 * before the deadline, whichever is shorter. With no time left, nothing is sent.
 */
final class Send implements Step {
    private final Connection connection;
    private final Scheduler scheduler;

    Send(Connection connection, Scheduler scheduler) {
        this.connection = connection;
        this.scheduler = scheduler;
    }

    @Override
    public <T> CompletableFuture<T> apply(Call<T> call, Rest rest) {
        Duration left = scheduler.until(call.deadline());
        if (left.toMillis() < 1) {
            return CompletableFuture.failedFuture(new NetworkException(call.method() + " to " + connection.endpoint().getAuthority()
                    + " ran out of time (deadline " + connection.policy().deadline().toMillis() + " ms)", NetworkException.Kind.TIMEOUT, null));
        }
        Duration limit = connection.readTimeout().compareTo(left) <= 0 ? connection.readTimeout() : left;
        return Futures.unwrapped(call.attempt().send(call.header(), limit)); // the protocol's own exception, not a wrapper
    }
}
