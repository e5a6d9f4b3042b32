package org.contactlookup.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Infusionsoft refused the call for going over a rate limit: HTTP 429 from Keap's gateway, or
 * the legacy {@code ThrottlingException} fault. Waiting before the next call is the remedy.
 */
public final class ThrottledException extends InfusionsoftException {
    private final int httpStatus;
    private final Duration retryAfter;

    ThrottledException(String message, int httpStatus, Duration retryAfter) {
        super(message);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** 429 when the gateway refused the call, 200 when the refusal came as a legacy fault. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the server asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
