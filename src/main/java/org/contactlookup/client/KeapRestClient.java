package org.contactlookup.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The lookup over Keap's REST v2 API:
 * {@code GET /crm/rest/v2/contacts?filter=email==ADDRESS&fields=...}, paging through
 * {@code next_page_token}. Same guarantees as the XML-RPC client: HTTPS with certificate checks,
 * the connection's timeouts and {@link CallPolicy}, the same exceptions, the key only ever in a
 * header.
 *
 * <p>An address is never allowed to become filter syntax: addresses with a character the filter
 * language gives meaning to ({@code ; * , = ( )}) are searched by the part before it, as a
 * prefix, and every answer is then matched exactly, ignoring case, against the address asked
 * for. {@code +} and {@code %} are plain URL-encoded.
 */
final class KeapRestClient implements ContactLookup {
    private static final int PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 50;
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final String FILTER_SYNTAX = ";*,=()";
    private static final String LIST_CONTACTS = "REST GET contacts";

    private final Connection connection;
    private final HttpClient http;
    private final ExecutorService executor;
    private final CallRunner runner;
    private final LookupCoalescer lookups;
    private final String authHeader;
    private final String authValue;

    private KeapRestClient(Connection connection) {
        this.connection = connection;
        this.runner = new CallRunner(connection);
        this.lookups = new LookupCoalescer(connection.policy());
        this.authHeader = connection.authType() == AuthType.OAUTH2 ? "Authorization" : "X-Keap-API-Key";
        this.authValue = (connection.authType() == AuthType.OAUTH2 ? "Bearer " : "") + connection.key().reveal();
        // The JDK client's threads must not pin a web app's class loader: they get the platform
        // loader as context, and close() stops the worker pool.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "keap-rest-" + connection.name());
            t.setDaemon(true);
            t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return t;
        });
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TrustMaterial.sslContext(connection))
                    .connectTimeout(connection.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor)
                    .build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    static KeapRestClient create(Connection connection) {
        if (connection.authType() == AuthType.LEGACY_KEY) {
            throw new IllegalArgumentException("the legacy key works only over XML-RPC");
        }
        return new KeapRestClient(connection);
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /** One contact id, the cheapest authenticated read REST v2 offers. */
    @Override
    public void checkConnection() throws InfusionsoftException {
        get(LIST_CONTACTS, "page_size=1&fields=id", () -> " (connection check)");
    }

    @Override
    public List<Map<String, Object>> findByEmail(String email, List<String> fields) throws InfusionsoftException {
        InfusionsoftClient.checkEmail(email);
        Set<String> restFields = RestFields.restFields(fields);
        return lookups.find(email, fields, () -> search(email, fields, restFields));
    }

    private List<Map<String, Object>> search(String email, List<String> fields, Set<String> restFields) throws InfusionsoftException {
        String query = "filter=" + encode("email==" + filterValue(email)) + "&fields=" + encode(String.join(",", restFields))
                + "&page_size=" + PAGE_SIZE;
        List<Map<String, Object>> found = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> body = get(LIST_CONTACTS, token == null ? query : query + "&page_token=" + encode(token),
                    () -> " for " + LogSafe.email(email));
            if (!(body.get("contacts") instanceof List<?> contacts)) {
                throw new MalformedResponseException(LIST_CONTACTS + " answered without a contacts list", null);
            }
            for (Object item : contacts) {
                if (item instanceof Map<?, ?> raw) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> contact = (Map<String, Object>) raw;
                    if (RestFields.hasAddress(contact, email)) {
                        found.add(java.util.Collections.unmodifiableMap(RestFields.toGuide(contact, fields)));
                    }
                }
            }
            token = body.get("next_page_token") instanceof String next && !next.isBlank() ? next : null;
            if (token == null) {
                return List.copyOf(found);
            }
        }
        throw new MalformedResponseException(LIST_CONTACTS + " still had pages after " + MAX_PAGES, null);
    }

    /** The filter value for {@code email}: itself, or the prefix before any filter syntax, as a prefix search. */
    static String filterValue(String email) {
        for (int i = 0; i < email.length(); i++) {
            if (FILTER_SYNTAX.indexOf(email.charAt(i)) >= 0) {
                if (i == 0) {
                    throw new IllegalArgumentException("an address starting with '" + email.charAt(0)
                            + "' cannot be searched exactly over REST v2");
                }
                return email.substring(0, i) + "*";
            }
        }
        return email;
    }

    private static String encode(String value) {
        // URLEncoder leaves '*' alone and writes spaces as '+'; neither may reach Keap ambiguous.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A").replace("+", "%20");
    }

    private Map<String, Object> get(String method, String query, Supplier<String> subject) throws InfusionsoftException {
        URI uri = URI.create(connection.endpoint() + "/contacts?" + query);
        String host = connection.endpoint().getAuthority();
        Object result = runner.run(method, true, subject, (connect, read) -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(read).header(authHeader, authValue)
                    .header("Accept", "application/json").header("User-Agent", "contact-lookup/1.0").GET().build();
            HttpResponse<InputStream> response;
            byte[] body;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    body = in.readNBytes(MAX_BODY + 1);
                }
            } catch (IOException e) {
                throw ErrorTranslator.network(method + " to " + host, read.toMillis(), e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetworkException(method + " was interrupted", NetworkException.Kind.TIMEOUT, e);
            }
            if (body.length > MAX_BODY) {
                throw new MalformedResponseException(method + " answered more than " + MAX_BODY + " bytes", null);
            }
            String text = new String(body, StandardCharsets.UTF_8);
            if (response.statusCode() / 100 != 2) {
                throw RestErrors.translate(method, host, response.statusCode(),
                        response.headers().firstValue("Retry-After").orElse(null), text);
            }
            try {
                return JSON.std.mapFrom(text);
            } catch (IOException | RuntimeException e) {
                throw new MalformedResponseException(method + " to " + host + " answered with malformed JSON", e);
            }
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) result;
        return map;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "KeapRestClient[" + connection.name() + " " + connection.authType() + " " + connection.endpoint() + "]";
    }
}
