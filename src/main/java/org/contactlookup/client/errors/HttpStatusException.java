package org.contactlookup.client.errors;

/** The server answered with an HTTP error status instead of an answer (over XML-RPC or REST v2). */
public final class HttpStatusException extends InfusionsoftException {
    private final int status;

    public HttpStatusException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** True for 401 and 403: the gateway refused the key or token before the API saw the call. */
    public boolean isAuthenticationFailure() {
        return status == 401 || status == 403;
    }

    @Override
    public boolean isKeyRefused() {
        return isAuthenticationFailure();
    }
}
