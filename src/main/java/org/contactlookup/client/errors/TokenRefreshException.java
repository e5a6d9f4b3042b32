package org.contactlookup.client.errors;

/**
 * An OAuth2 connection that refreshes its own tokens has no access token it can send: none was
 * ever stored, the token endpoint refused the refresh token, the token endpoint could not be
 * used, or the place the tokens are kept could not be. The message names the token endpoint or
 * the store, never a token or the client secret.
 */
public final class TokenRefreshException extends InfusionsoftException {
    /** Why there is no usable token; the first two need an administrator, the others mend themselves. */
    public enum Reason {
        /** No tokens were ever stored: the first authorization has not been done. */
        NOT_AUTHORIZED,
        /** The token endpoint refused the refresh token ({@code invalid_grant}, a used or revoked token) or the client. */
        REFUSED,
        /** The token endpoint could not be reached, did not answer in time, or answered with a server error. */
        UNREACHABLE,
        /** The token file or the Redis that keeps the tokens could not be read or written. */
        STORE
    }

    private final Reason reason;

    public TokenRefreshException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when only an administrator can mend it: no tokens yet, or the refresh token refused. */
    @Override
    public boolean isKeyRefused() {
        return reason == Reason.NOT_AUTHORIZED || reason == Reason.REFUSED;
    }
}
