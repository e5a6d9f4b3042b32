package org.contactlookup.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code filter} and {@code order_by} of Keap's REST v2 contact list, over the store's
 * contacts. Filters: {@code email} (any of the three addresses), {@code given_name} and
 * {@code family_name}, each {@code field==value}, joined by {@code ;}, a trailing {@code *} for a
 * prefix, ignoring case. Orders: {@code id}, {@code create_time}, {@code email},
 * {@code update_time}, then {@code asc} (the default) or {@code desc}.
 */
final class RestQuery {
    private static final Map<String, List<String>> FILTERS = Map.of(
            "email", List.of("Email", "EmailAddress2", "EmailAddress3"),
            "given_name", List.of("FirstName"),
            "family_name", List.of("LastName"));
    private static final Map<String, String> ORDERS = Map.of(
            "id", "Id", "create_time", "DateCreated", "email", "Email", "update_time", "LastUpdated");

    private RestQuery() {
    }

    /** @throws IllegalArgumentException {@code Invalid filter: CONDITION} */
    static Predicate<Map<String, Object>> filter(String filter) {
        Predicate<Map<String, Object>> all = contact -> true;
        if (filter == null || filter.isEmpty()) {
            return all;
        }
        for (String condition : filter.split(";")) {
            int eq = condition.indexOf("==");
            List<String> fields = eq < 0 ? null : FILTERS.get(condition.substring(0, eq));
            if (fields == null) {
                throw new IllegalArgumentException("Invalid filter: " + condition);
            }
            Predicate<String> matches = matcher(condition.substring(eq + 2).toLowerCase(Locale.ROOT));
            all = all.and(contact -> fields.stream().map(contact::get)
                    .anyMatch(v -> v instanceof String s && matches.test(s.toLowerCase(Locale.ROOT))));
        }
        return all;
    }

    /** @throws IllegalArgumentException {@code Invalid order_by: VALUE} */
    static Comparator<Map<String, Object>> order(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return ContactStore.byId();
        }
        String[] words = orderBy.strip().split("\\s+");
        String field = ORDERS.get(words[0]);
        boolean descending = words.length == 2 && words[1].equalsIgnoreCase("desc");
        boolean ascending = words.length == 1 || words.length == 2 && words[1].equalsIgnoreCase("asc");
        if (field == null || !(ascending || descending)) {
            throw new IllegalArgumentException("Invalid order_by: " + orderBy);
        }
        Comparator<Map<String, Object>> byField = (a, b) -> QueryCriteria.compareValues(a.get(field), b.get(field));
        return (descending ? byField.reversed() : byField).thenComparing(ContactStore.byId());
    }

    private static Predicate<String> matcher(String value) {
        if (value.endsWith("*")) {
            String prefix = value.substring(0, value.length() - 1);
            return s -> s.startsWith(prefix);
        }
        return value::equals;
    }
}
