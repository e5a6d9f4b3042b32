package org.contactlookup.client.internal.rest;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.Map;
import org.contactlookup.client.errors.ApiFaultException;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.internal.http.Failures;

/**
 * REST v2 error answers mapped onto the exceptions XML-RPC faults become, so that callers see
 * no difference. Keap answers in two shapes: its own {@code {"code","message","status"}} and the
 * gateway's {@code {"fault":{"faultstring", "detail":{"errorcode"}}}}; both are read.
 */
public final class RestErrors {
    private static final int MAX_MESSAGE = 200;

    private RestErrors() {
    }

    public static InfusionsoftException translate(String method, String where, int status, String retryAfter, String body) {
        String message = message(body);
        if (status == 429) {
            return Failures.gatewayThrottled(where, retryAfter, body);
        }
        return switch (status) {
            case 401, 403 -> new ApiFaultException(method, ApiFaultException.INVALID_KEY, "[InvalidKey]" + message);
            case 404 -> new ApiFaultException(method, 5, "[RecordNotFound]" + message);
            case 400, 422 -> new ApiFaultException(method, 12, "[InvalidParameter]" + message);
            default -> new HttpStatusException(where + " failed: HTTP " + status, status);
        };
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
        String clean = text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "..." : clean;
    }
}
