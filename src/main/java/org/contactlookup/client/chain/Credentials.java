package org.contactlookup.client.chain;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.config.Connection;

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

    /** No credentials: for calls that carry their own, such as a token refresh. */
    Credentials NONE = fixed(null, null);

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
}
