package org.contactlookup.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

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

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    static Fault drop() {
        return new Drop();
    }

    static Fault status(int status) {
        return new Status(status, "text/plain", "injected HTTP " + status, null);
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
}
