package org.contactlookup.client.errors;

/**
 * The address cannot be looked up exactly over this protocol: over REST v2, an address that
 * starts with a character of the filter language (known before anything is sent: the client's
 * {@code problemWith}), or one searched by its prefix that matched more contacts than the client
 * will page through for one lookup. Nothing more is spent on it; asking again will not help.
 */
public final class UnsearchableAddressException extends InfusionsoftException {
    /** @param reason in words fit for a page next to the field */
    public UnsearchableAddressException(String reason) {
        super(reason);
    }
}
