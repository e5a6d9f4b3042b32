package org.contactlookup.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The sandbox's REST v2 contacts listing, from the same store as its XML-RPC methods:
 * {@code GET /crm/rest/v2/contacts?filter=...&order_by=...&fields=...&page_size=&page_token=},
 * filters and orders as {@link RestQuery} reads them. Errors come in Keap's
 * {@code {"code","message","status"}} shape.
 */
final class RestApi {
    static final String PATH = "/crm/rest/v2/contacts";
    static final String QUOTA_EXCEEDED = "{\"code\":\"429\",\"message\":\"Quota Exceeded\",\"status\":\"Request Throttled\"}";
    /** What a listing gives when it names no fields. */
    private static final List<String> DEFAULT_FIELDS = List.of("id", "given_name", "family_name", "middle_name", "job_title",
            "email_addresses");
    private static final Set<String> FIELDS = Set.of("id", "given_name", "family_name", "middle_name", "job_title",
            "email_addresses", "create_time", "update_time");

    /** An answer: status and JSON body. */
    record Answer(int status, String json) {
    }

    private final ContactStore contacts;
    private final int maxPageSize;
    private final boolean tokenOnLastPage;

    /** {@code tokenOnLastPage}: the last page carries a {@code next_page_token} too, which leads to an empty page. */
    RestApi(ContactStore contacts, int maxPageSize, boolean tokenOnLastPage) {
        this.contacts = contacts;
        this.maxPageSize = maxPageSize;
        this.tokenOnLastPage = tokenOnLastPage;
    }

    /** The query's parameters, decoded, in the order they came; recorded as the call's parameters. */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    Answer list(Map<String, String> query) throws IOException {
        Predicate<Map<String, Object>> filter;
        Comparator<Map<String, Object>> order;
        List<String> fields;
        try {
            filter = RestQuery.filter(query.get("filter"));
            order = RestQuery.order(query.get("order_by"));
            fields = fields(query.get("fields"));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage(), "Bad Request");
        }
        int pageSize = Math.min(maxPageSize, parseInt(query.getOrDefault("page_size", "50"), 50));
        int offset = query.containsKey("page_token") ? offset(query.get("page_token")) : 0;
        if (offset < 0) {
            return error(400, "Invalid page_token", "Bad Request");
        }
        List<Map<String, Object>> matching = contacts.select(filter, order);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + pageSize); i++) {
            page.add(restContact(matching.get(i), fields));
        }
        int next = offset + page.size();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", page);
        body.put("next_page_token", next < matching.size() || tokenOnLastPage ? token(next) : "");
        return new Answer(200, JSON.std.asString(body));
    }

    static Answer error(int status, String message, String statusText) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", Integer.toString(status));
        body.put("message", message);
        body.put("status", statusText);
        return new Answer(status, JSON.std.asString(body));
    }

    private static List<String> fields(String fields) {
        if (fields == null || fields.isEmpty()) {
            return DEFAULT_FIELDS;
        }
        List<String> out = new ArrayList<>();
        for (String field : fields.split(",")) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("Invalid field: " + field);
            }
            out.add(field);
        }
        return out;
    }

    private Map<String, Object> restContact(Map<String, Object> contact, List<String> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields) {
            switch (field) {
                case "id" -> out.put("id", String.valueOf(contact.get("Id")));
                case "given_name" -> putIfPresent(out, field, contact.get("FirstName"));
                case "family_name" -> putIfPresent(out, field, contact.get("LastName"));
                case "middle_name" -> putIfPresent(out, field, contact.get("MiddleName"));
                case "job_title" -> putIfPresent(out, field, contact.get("JobTitle"));
                case "create_time" -> out.put(field, instant(contact.get("DateCreated")));
                case "update_time" -> out.put(field, instant(contact.get("LastUpdated")));
                default -> {
                    List<Map<String, Object>> addresses = new ArrayList<>();
                    String[][] slots = {{"Email", "EMAIL1"}, {"EmailAddress2", "EMAIL2"}, {"EmailAddress3", "EMAIL3"}};
                    for (String[] slot : slots) {
                        if (contact.get(slot[0]) instanceof String email) {
                            addresses.add(Map.of("email", email, "field", slot[1]));
                        }
                    }
                    out.put("email_addresses", addresses);
                }
            }
        }
        return out;
    }

    /** REST v2 gives times as UTC instants, such as {@code 2024-01-15T14:30:00Z}, where XML-RPC gives Eastern wall-clock time. */
    private String instant(Object localTime) {
        return ((LocalDateTime) localTime).atZone(contacts.zone()).toInstant().toString();
    }

    private static void putIfPresent(Map<String, Object> out, String field, Object value) {
        if (value != null) {
            out.put(field, value);
        }
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return text.startsWith("offset:") ? Integer.parseInt(text.substring(7)) : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static int parseInt(String text, int fallback) {
        try {
            return Math.max(1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
