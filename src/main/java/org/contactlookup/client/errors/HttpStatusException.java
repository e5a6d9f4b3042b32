package org.contactlookup.client.errors;

import java.time.Duration;
import java.util.Optional;

/** The server answered with an HTTP error status instead of an answer (over XML-RPC or REST v2). */
public final class HttpStatusException extends InfusionsoftException {
    private final int status;
    private final Duration retryAfter;

    public HttpStatusException(String message, int status) {
        this(message, status, null);
    }

    /** @param retryAfter the server's {@code Retry-After}, or null when it sent none */
    public HttpStatusException(String message, int status, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** How long the server asked us to wait before the next try (sent with 503), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
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
