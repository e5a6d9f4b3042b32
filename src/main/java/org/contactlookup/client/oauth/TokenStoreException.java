package org.contactlookup.client.oauth;

/** The place the tokens are kept could not be read or written; the message names it, never a token. */
public final class TokenStoreException extends RuntimeException {
    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
