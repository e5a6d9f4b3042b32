package org.contactlookup.client.chain;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.transport.HttpEngine;

/**
 * The header that proves who a call is from, asked for at every attempt: a key's never changes,
 * an OAuth2 connection's changes whenever its token is refreshed.
 */
public interface Credentials {
    /** One header; a null name for the legacy key, which travels in the body instead. */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return "Header[" + name + "]";
        }
    }

    /** The header to send now; may wait for a refresh, and fails with the client's own exception. */
    CompletableFuture<Header> header();

    /**
     * The server refused {@code used} with HTTP 401: the header to try once more, when a newer one
     * exists or can be had; empty when nothing would change (a key).
     */
    Optional<CompletableFuture<Header>> afterRefusal(Header used);

    /** Stops whatever keeps the credentials fresh; nothing for a key. */
    default void close() {
    }

    /**
     * The credentials of a connection that does not refresh tokens: its key in the header its
     * auth type wants (the legacy key travels in the body, so no header), or its fixed token.
     */
    static Credentials forKey(Connection connection) {
        return switch (connection.authType()) {
            case LEGACY_KEY -> fixed(null, null);
            case API_KEY -> fixed("X-Keap-API-Key", connection.key().reveal());
            case OAUTH2 -> fixed("Authorization", "Bearer " + connection.key().reveal());
        };
    }

    /** A key that never changes. */
    static Credentials fixed(String name, String value) {
        Header header = new Header(name, value);
        CompletableFuture<Header> ready = CompletableFuture.completedFuture(header);
        return new Credentials() {
            @Override
            public CompletableFuture<Header> header() {
                return ready;
            }

            @Override
            public Optional<CompletableFuture<Header>> afterRefusal(Header used) {
                return Optional.empty();
            }
        };
    }

    /**
     * Sends the request {@code request} builds with the current header; on HTTP 401, once more with
     * the header {@link #afterRefusal} gives, if any. Each exchange is bounded by {@code limit}.
     */
    static CompletableFuture<HttpEngine.Answer> exchange(HttpEngine engine, Credentials credentials,
                                                         Function<Header, HttpRequest> request, Duration limit, String where) {
        return credentials.header().thenCompose(header -> engine.exchange(request.apply(header), limit, where)
                .thenCompose(answer -> answer.status() != 401 ? CompletableFuture.completedFuture(answer)
                        : credentials.afterRefusal(header)
                                .map(next -> next.thenCompose(fresh -> engine.exchange(request.apply(fresh), limit, where)))
                                .orElse(CompletableFuture.completedFuture(answer))));
    }
}
