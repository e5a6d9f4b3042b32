package org.contactlookup.client.protocol.rest;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.Map;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.transport.Failures;

/**
 * REST v2 error answers as the client's exceptions: 429 is a {@link ThrottledException} from the
 * gateway; every other status an {@link HttpStatusException} carrying the status and the
 * error's own words ({@code isKeyRefused()} for 401 and 403). REST has no fault codes, so none
 * is made up. Keap answers in two shapes, its own {@code {"code","message","status"}} and the
 * gateway's {@code {"fault":{"faultstring", "detail":{"errorcode"}}}}; both are read.
 */
public final class RestErrors {
    private static final int MAX_MESSAGE = 200;

    private RestErrors() {
    }

    public static InfusionsoftException translate(String where, int status, String retryAfter, String body) {
        if (status == 429) {
            return Failures.gatewayThrottled(where, retryAfter, body);
        }
        return new HttpStatusException(where + " failed: HTTP " + status + ": " + LogSafe.redact(message(body)), status,
                Failures.retryAfter(retryAfter));
    }

    /** The error's own words, from either shape, cut short and free of control characters. */
    public static String message(String body) {
        String text = "no message";
        try {
            Map<String, Object> json = JSON.std.mapFrom(body);
            if (json.get("message") instanceof String m) {
                text = m;
            } else if (json.get("fault") instanceof Map<?, ?> fault && fault.get("faultstring") instanceof String f) {
                text = f;
            }
        } catch (Exception notJson) {
            // keep "no message": the body is not one of Keap's shapes
        }
        String clean = LogSafe.clean(text);
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "..." : clean;
    }
}
