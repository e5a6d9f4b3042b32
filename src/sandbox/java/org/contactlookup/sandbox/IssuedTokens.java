package org.contactlookup.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * An access token and refresh token the sandbox has just issued, as Keap's token endpoint gives
 * them; {@link #toString()} shows neither token.
 *
 * @param accessToken  {@code oauth-access-} and 32 hex digits; sent as {@code Authorization: Bearer}
 * @param refreshToken {@code oauth-refresh-} and 32 hex digits; good for one refresh
 * @param expiresIn    how long the access token lasts from now, in whole seconds
 */
public record IssuedTokens(String accessToken, String refreshToken, Duration expiresIn) {

    public IssuedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }

    @Override
    public String toString() {
        return "IssuedTokens[expiresIn=" + expiresIn + "]";
    }
}
