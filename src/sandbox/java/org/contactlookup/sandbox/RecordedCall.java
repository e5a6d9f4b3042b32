package org.contactlookup.sandbox;

import java.util.List;
import java.util.Map;

/**
 * One request as the sandbox received it.
 *
 * @param path    the request path, which tells the legacy endpoint from Keap's
 * @param method  the XML-RPC method name, or null when the body was not XML-RPC
 * @param params  the parameters, key included, as parsed
 * @param headers request headers, names in lower case
 * @param nanos   when it arrived, on {@link System#nanoTime()}'s clock
 */
public record RecordedCall(String path, String method, List<Object> params, Map<String, List<String>> headers, long nanos) {
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
