package org.contactlookup.client.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * The call was not made, or was refused, for going over a limit. {@link #source()} says whose
 * limit: this client's own budget, this client's cap on lookups in flight, Keap's gateway (HTTP
 * 429), or the legacy API's {@code ThrottlingException} fault. Waiting before the next call is
 * the remedy; {@link #retryAfter()} says how long, when it is known.
 */
public final class ThrottledException extends InfusionsoftException {
    /** Whose limit refused the call. */
    public enum Source {
        /** This client's own rate limits: no permit within the permit wait; nothing was sent. */
        BUDGET,
        /** This client's cap on lookups in flight at once; nothing was sent. */
        IN_FLIGHT_CAP,
        /** Keap's gateway answered HTTP 429. */
        GATEWAY,
        /** The legacy API answered with its {@code ThrottlingException} fault. */
        LEGACY_FAULT;

        /** True when the server refused the call, as opposed to this client not sending it. */
        public boolean isServer() {
            return this == GATEWAY || this == LEGACY_FAULT;
        }
    }

    private final Source source;
    private final Duration retryAfter;

    public ThrottledException(String message, Source source, Duration retryAfter) {
        super(message);
        this.source = source;
        this.retryAfter = retryAfter;
    }

    public Source source() {
        return source;
    }

    /** How long to wait before trying again, when the server or our own budget knows. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
