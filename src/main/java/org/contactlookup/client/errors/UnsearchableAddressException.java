package org.contactlookup.client.errors;

/**
 * The address cannot be looked up exactly over this protocol, found out once the search was under
 * way: over REST v2, an address searched by its prefix matched more contacts than the client will
 * page through for one lookup. Nothing more is spent on it; asking again will not help. (An
 * address refused before anything is sent is the client's {@code IllegalArgumentException}, and
 * {@code problemWith} says why; the web page reports both the same way.)
 */
public final class UnsearchableAddressException extends InfusionsoftException {
    /** @param reason in words fit for a page next to the field */
    public UnsearchableAddressException(String reason) {
        super(reason);
    }
}
