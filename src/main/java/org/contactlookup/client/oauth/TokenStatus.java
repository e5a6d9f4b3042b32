package org.contactlookup.client.oauth;

import java.time.Instant;
import java.util.Optional;
import org.contactlookup.client.errors.TokenRefreshException;

/**
 * Where an OAuth2 connection's tokens stand: where they are kept, until when the access token in
 * use is valid, when it was last refreshed, and what went wrong with the last refresh, if it did.
 *
 * @param accessTokenExpiresAt null while the connection has no tokens
 * @param lastRefresh          null before this client's first refresh
 * @param problem              null when the last refresh (or reading the store) went well
 */
public record TokenStatus(String keptIn, Instant accessTokenExpiresAt, Instant lastRefresh, TokenRefreshException problem) {
    public Optional<TokenRefreshException> lastProblem() {
        return Optional.ofNullable(problem);
    }
}
