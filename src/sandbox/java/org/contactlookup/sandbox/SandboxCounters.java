package org.contactlookup.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sandbox has counted since it started, as {@link Sandbox#counters()} gives it and
 * {@value #PATH} serves it as JSON. Counts only: nothing here is a key, secret or token.
 *
 * @param requests          every request received at the API, token and authorize addresses (what
 *                          {@link Sandbox#calls()} records, however often it was cleared); reading
 *                          the counters is not one
 * @param connections       HTTPS connections served, as {@link Sandbox#connectionsAccepted()}; a read
 *                          of the counters on a new connection is one
 * @param throttled         calls refused for a rate limit: HTTP 429, or the legacy throttle fault
 * @param codesExchanged    authorization codes exchanged for tokens
 * @param refreshesGranted  refresh grants answered with a new pair
 * @param refreshesRefused  refresh grants refused for an unknown, used or expired refresh token
 * @param expiredTokenCalls API calls refused because their access token had expired
 */
public record SandboxCounters(int requests, int connections, int throttled, int codesExchanged, int refreshesGranted,
        int refreshesRefused, int expiredTokenCalls) {
    /** Where the standalone sandbox, and every other, serves its counters: {@code GET https://localhost:PORT/sandbox/counters}. */
    public static final String PATH = "/sandbox/counters";

    /** One JSON object, the fields in the order of this record, such as {@code {"requests":12,"connections":3,...}}. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", requests);
        json.put("connections", connections);
        json.put("throttled", throttled);
        json.put("codesExchanged", codesExchanged);
        json.put("refreshesGranted", refreshesGranted);
        json.put("refreshesRefused", refreshesRefused);
        json.put("expiredTokenCalls", expiredTokenCalls);
        try {
            return JSON.std.asString(json);
        } catch (IOException e) {
            throw new UncheckedIOException("ints always write as JSON", e);
        }
    }
}
