package org.contactlookup.client.errors;

import java.io.IOException;

/**
 * A call to Infusionsoft that did not succeed, over either protocol. The subclasses say why:
 * {@link ApiFaultException} (the API answered with a fault), {@link ThrottledException} (over a
 * rate limit, ours or the server's), {@link HttpStatusException} (an HTTP error status),
 * {@link NetworkException} (no usable answer at all), {@link MalformedResponseException} (an
 * answer we cannot read) and {@link UnsearchableAddressException} (an address the protocol cannot
 * search exactly) and {@link TokenRefreshException} (an OAuth2 connection has no usable token). Messages name the method and the host, never a key, a token or a whole email
 * address.
 */
public abstract sealed class InfusionsoftException extends IOException
        permits ApiFaultException, ThrottledException, HttpStatusException, NetworkException, MalformedResponseException,
        UnsearchableAddressException, TokenRefreshException {

    InfusionsoftException(String message) {
        super(message);
    }

    InfusionsoftException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when the server refused this connection's key or token, whether as the
     * {@code [InvalidKey]} fault or as HTTP 401/403 from the gateway: the one failure that retrying
     * cannot mend and that only an administrator can.
     */
    public boolean isKeyRefused() {
        return false;
    }
}
