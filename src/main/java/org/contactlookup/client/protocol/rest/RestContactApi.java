package org.contactlookup.client.protocol.rest;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.contactlookup.client.chain.Call;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.EmailCheck;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.UnsearchableAddressException;
import org.contactlookup.client.protocol.ContactApi;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.HttpEngine;

/**
 * The lookup over Keap's REST v2 API:
 * {@code GET /crm/rest/v2/contacts?filter=email==ADDRESS&fields=...}, paging through
 * {@code next_page_token}, the key only ever in a header.
 *
 * <p>An address is never allowed to become filter syntax: addresses with a character the filter
 * language gives meaning to ({@code ; * , = ( )}) are searched by the part before it, as a
 * prefix, and every answer is then matched exactly, ignoring case, against the address asked
 * for. {@code +} and {@code %} are plain URL-encoded.
 */
public final class RestContactApi implements ContactApi {
    private static final int PAGE_SIZE = 1000;
    /** The most calls one lookup may spend: an exact address never needs more than one page. */
    private static final int MAX_PAGES = 2;
    private static final String FILTER_SYNTAX = ";*,=()";
    private static final String LIST_CONTACTS = "REST GET contacts";

    private final Connection connection;
    private final CallChain calls;
    private final HttpEngine engine;

    /** @throws IllegalArgumentException for the legacy key, which works only over XML-RPC */
    public RestContactApi(Connection connection, CallChain calls, HttpEngine engine) {
        if (connection.authType() == AuthType.LEGACY_KEY) {
            throw new IllegalArgumentException("the legacy key works only over XML-RPC");
        }
        this.connection = connection;
        this.calls = calls;
        this.engine = engine;
    }

    @Override
    public void checkFields(List<String> fields) {
        RestFields.restFields(fields);
    }

    /** One contact id, the cheapest authenticated read REST v2 offers. */
    @Override
    public CompletableFuture<?> checkConnection() {
        return get(LIST_CONTACTS, "page_size=1&fields=id", () -> " (connection check)");
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> findByEmail(String email, List<String> fields) {
        Set<String> restFields = RestFields.restFields(fields);
        String query = "filter=" + encode("email==" + filterValue(email)) + "&fields=" + encode(String.join(",", restFields))
                + "&page_size=" + PAGE_SIZE;
        return page(email, fields, query, null, 0, new ArrayList<>());
    }

    /**
     * Reads page {@code number} (its {@code token}), keeps the contacts that match, and goes on
     * while there are more: not past a page shorter than {@value #PAGE_SIZE} (Keap may send a
     * {@code next_page_token} with the last page, and following it would spend a call on an empty
     * one), not past a token seen before, and never past {@value #MAX_PAGES} pages, since a prefix
     * search that needs more would spend the budget of many lookups on one.
     */
    private CompletableFuture<List<Map<String, Object>>> page(String email, List<String> fields, String query, String token,
                                                              int number, List<Map<String, Object>> found) {
        return get(LIST_CONTACTS, token == null ? query : query + "&page_token=" + encode(token), () -> " for " + LogSafe.email(email))
                .thenCompose(body -> {
                    if (!(body.get("contacts") instanceof List<?> contacts)) {
                        return CompletableFuture.failedFuture(
                                new MalformedResponseException(LIST_CONTACTS + " answered without a contacts list", null));
                    }
                    for (Object item : contacts) {
                        if (item instanceof Map<?, ?> raw) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> contact = (Map<String, Object>) raw;
                            if (RestFields.hasAddress(contact, email)) {
                                found.add(Collections.unmodifiableMap(RestFields.toGuide(contact, fields)));
                            }
                        }
                    }
                    String next = body.get("next_page_token") instanceof String t && !t.isBlank() && !t.equals(token) ? t : null;
                    if (next == null || contacts.size() < PAGE_SIZE) {
                        return CompletableFuture.completedFuture(List.copyOf(found));
                    }
                    if (number + 1 == MAX_PAGES) {
                        return CompletableFuture.failedFuture(new UnsearchableAddressException("its search over REST v2 matches more contacts than "
                                + MAX_PAGES + " pages hold, too many to look it up exactly"));
                    }
                    return page(email, fields, query, next, number + 1, found);
                });
    }

    /**
     * An address is searched by its part before the first character the filter language gives
     * meaning to; one that starts with such a character has no part to search by.
     */
    @Override
    public Optional<String> problemWith(String email) {
        Optional<String> problem = EmailCheck.problem(email);
        if (problem.isEmpty() && FILTER_SYNTAX.indexOf(email.charAt(0)) >= 0) {
            return Optional.of("an address starting with '" + email.charAt(0) + "' cannot be searched exactly over REST v2");
        }
        return problem;
    }

    /** The filter value for {@code email}: itself, or the prefix before any filter syntax, as a prefix search. */
    static String filterValue(String email) {
        for (int i = 0; i < email.length(); i++) {
            if (FILTER_SYNTAX.indexOf(email.charAt(i)) >= 0) {
                return email.substring(0, i) + "*";
            }
        }
        return email;
    }

    private static String encode(String value) {
        // URLEncoder leaves '*' alone and writes spaces as '+'; neither may reach Keap ambiguous.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A").replace("+", "%20");
    }

    private CompletableFuture<Map<String, Object>> get(String method, String query, Supplier<String> subject) {
        URI address = URI.create(connection.endpoint() + "/contacts?" + query);
        String where = method + " to " + connection.endpoint().getAuthority();
        Call.Attempt<Map<String, Object>> attempt = (header, limit) -> engine.exchange(HttpRequest.newBuilder(address)
                .header(header.name(), header.value()).header("Accept", "application/json").header("User-Agent", HttpEngine.USER_AGENT)
                .GET().build(), limit, where).thenCompose(answer -> Futures.of(() -> decode(where, answer)));
        return calls.run(method, true, subject, attempt);
    }

    private static Map<String, Object> decode(String where, HttpEngine.Answer answer) throws InfusionsoftException {
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        if (answer.status() / 100 != 2) {
            throw RestErrors.translate(where, answer.status(), answer.header("Retry-After"), text);
        }
        try {
            return JSON.std.mapFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new MalformedResponseException(where + " answered with malformed JSON", e);
        }
    }
}
