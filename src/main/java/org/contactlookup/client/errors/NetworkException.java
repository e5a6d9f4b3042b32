package org.contactlookup.client.errors;

/** No usable answer came back: the server could not be reached, did not answer in time, or its
 * certificate was not trusted. */
public final class NetworkException extends InfusionsoftException {
    /** What went wrong on the way. */
    public enum Kind {
        /** Nothing accepted the connection: wrong host, port closed, no route. */
        UNREACHABLE,
        /** Connecting or waiting for the answer took longer than the configured timeout. */
        TIMEOUT,
        /** The TLS handshake failed, most often because the certificate is not trusted. */
        TLS,
        /** The connection was closed before a whole answer arrived. */
        CONNECTION_LOST
    }

    private final Kind kind;

    public NetworkException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
