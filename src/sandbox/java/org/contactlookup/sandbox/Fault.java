package org.contactlookup.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Something to go wrong with one request, queued with {@link Sandbox#injectNext(Fault)}. The
 * request is still recorded; then the fault decides what, if anything, comes back.
 */
public sealed interface Fault {
    /** Answer normally, but only after {@code delay}. */
    record Delay(Duration delay) implements Fault {
    }

    /** Close the connection without sending any answer. */
    record Drop() implements Fault {
    }

    /** Answer with this HTTP status, headers and body instead of XML-RPC. */
    record Status(int status, String contentType, String body, String retryAfter) implements Fault {
    }

    /** Answer 200 with exactly these bytes as the XML-RPC response. */
    record RawResponse(byte[] body) implements Fault {
    }

    /** Answer normally, but send the body one byte at a time, {@code perByte} apart. */
    record Trickle(Duration perByte) implements Fault {
        public Trickle {
            requireNotNegative("perByte", perByte);
        }
    }

    /** Answer normally, but send nothing for {@code hang} between the headers and the body. */
    record HangAfterHeaders(Duration hang) implements Fault {
        public HangAfterHeaders {
            requireNotNegative("hang", hang);
        }
    }

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    static Fault drop() {
        return new Drop();
    }

    static Fault status(int status) {
        return new Status(status, "text/plain", "injected HTTP " + status, null);
    }

    /** 503 Service Unavailable with {@code Retry-After} (seconds or an HTTP date; may be null). */
    static Fault unavailable(String retryAfter) {
        return new Status(503, "text/plain", "injected HTTP 503", retryAfter);
    }

    /** Keap's gateway refusal: 429 with its JSON body; {@code retryAfter} may be null. */
    static Fault throttled(String retryAfter) {
        return new Status(429, "application/json", Throttles.quotaViolationBody(), retryAfter);
    }

    /** Keap's REST v2 refusal: 429 with its own JSON shape. */
    static Fault restThrottled(String retryAfter) {
        return new Status(429, "application/json", RestApi.QUOTA_EXCEEDED, retryAfter);
    }

    static Fault malformedXml() {
        return raw("<?xml version=\"1.0\"?><methodResponse><params><param><value><string>cut off");
    }

    static Fault raw(String xml) {
        return new RawResponse(xml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The usual answer, the same bytes, with status and headers (Content-Length included) sent at
     * once and then the body one byte at a time, each flushed, {@code perByte} apart: a server
     * that keeps a read timeout happy but never finishes. Stops without a word when the client
     * goes away or the sandbox closes.
     */
    static Fault trickle(Duration perByte) {
        return new Trickle(perByte);
    }

    /**
     * The usual answer, with status and headers (the real Content-Length) sent at once, then
     * nothing for {@code hang}, then the whole body. Stops without a word when the client has gone
     * or the sandbox closes meanwhile.
     */
    static Fault hangAfterHeaders(Duration hang) {
        return new HangAfterHeaders(hang);
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
