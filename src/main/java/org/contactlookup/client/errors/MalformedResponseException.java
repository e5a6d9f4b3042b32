package org.contactlookup.client.errors;

/** The server answered, but not with XML-RPC or JSON we accept (bad XML, a DOCTYPE, malformed JSON, a wrong shape, too large). */
public final class MalformedResponseException extends InfusionsoftException {
    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
