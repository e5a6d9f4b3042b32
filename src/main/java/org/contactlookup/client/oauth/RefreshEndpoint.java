package org.contactlookup.client.oauth;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.config.Secret;

/** Where a refresh token is exchanged for a new pair: Keap's token endpoint ({@link TokenEndpoint}). */
interface RefreshEndpoint {
    /** The next pair for {@code refreshToken}, within {@code limit}. */
    CompletableFuture<Tokens> refresh(Secret refreshToken, Duration limit);

    /** The endpoint, for log lines. */
    String where();
}
