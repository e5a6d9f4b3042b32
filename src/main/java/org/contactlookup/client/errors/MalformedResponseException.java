package org.contactlookup.client.errors;

/** The server answered, but not with XML-RPC we accept (bad XML, a DOCTYPE, a wrong shape). */
public final class MalformedResponseException extends InfusionsoftException {
    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
