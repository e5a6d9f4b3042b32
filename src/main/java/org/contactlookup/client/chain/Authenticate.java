package org.contactlookup.client.chain;

import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Futures;

/**
 * Settles the credentials header for each attempt (a key's never changes; an OAuth2 token may be
 * refreshed meanwhile) and, when the server refuses it with HTTP 401, sends once more with the
 * header {@link Credentials#afterRefusal} gives, if there is one.
 */
final class Authenticate implements Step {
    private final Credentials credentials;

    Authenticate(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public <T> CompletableFuture<T> apply(Call<T> call, Rest rest) {
        return Futures.unwrapped(credentials.header().thenCompose(header -> rest.proceed(call.withHeader(header)).handle((value, failure) -> {
            Throwable cause = failure == null ? null : Failures.unwrap(failure);
            if (cause instanceof HttpStatusException refused && refused.status() == 401) {
                return credentials.afterRefusal(header)
                        .map(next -> next.thenCompose(fresh -> rest.proceed(call.withHeader(fresh))))
                        .orElse(CompletableFuture.<T>failedFuture(cause));
            }
            return cause == null ? CompletableFuture.completedFuture(value) : CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(outcome -> outcome)));
    }
}
