package org.contactlookup.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the sandbox received it: parsed, and as the bytes that came.
 *
 * @param path        the request path, which tells the legacy endpoint from Keap's
 * @param method      the XML-RPC method name, {@code REST GET contacts} for a REST listing,
 *                    {@code OAuth token} or {@code OAuth authorize} for the OAuth2 endpoints, or
 *                    null when the body was not XML-RPC
 * @param params      the parameters, key included, as parsed: {@code String}, {@code Integer},
 *                    {@code Boolean}, {@code Double}, {@code byte[]}, {@code LocalDateTime} (a
 *                    {@code dateTime.iso8601}), {@code List} and {@code Map}; for REST and the
 *                    authorize page, the query's {@code name=value} pairs, decoded; for the token
 *                    endpoint, {@code grant_type=...} alone, never a code, token or secret
 * @param headers     request headers, names in lower case, each name's values in the order sent
 * @param nanos       when it arrived, on {@link System#nanoTime()}'s clock
 * @param requestLine the request line, such as {@code POST /crm/xmlrpc/v1 HTTP/1.1}, with the
 *                    target exactly as sent (query string still encoded); null in calls made
 *                    with the five-argument constructor
 * @param body        the request body, byte for byte (empty for a GET); the accessor returns a copy
 */
public record RecordedCall(String path, String method, List<Object> params, Map<String, List<String>> headers, long nanos,
        String requestLine, byte[] body) {

    public RecordedCall {
        body = body.clone();
    }

    /** A call with no request line and an empty body, as the sandbox recorded calls before it kept their bytes. */
    public RecordedCall(String path, String method, List<Object> params, Map<String, List<String>> headers, long nanos) {
        this(path, method, params, headers, nanos, null, new byte[0]);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8, the encoding XML-RPC requests use. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of the header {@code name}, in any case; null when it was not sent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
