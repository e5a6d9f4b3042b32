package org.contactlookup.sandbox;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What {@code DataService.query} and {@code findByField} match, as Infusionsoft's XML-RPC docs
 * describe it: each field of the query must match; in a string {@code %} stands for any run of
 * characters; matching ignores case; {@code ~null~} matches a field with no value. An int or a
 * date matches only an equal value.
 */
final class QueryCriteria {
    static final String NULL = "~null~";

    private QueryCriteria() {
    }

    /** A test that passes contacts matching every entry of {@code queryData}. */
    static Predicate<Map<String, Object>> all(Map<String, Object> queryData, ContactFields fields) throws Methods.FaultAnswer {
        Predicate<Map<String, Object>> all = contact -> true;
        for (Map.Entry<String, Object> e : queryData.entrySet()) {
            all = all.and(one(e.getKey(), e.getValue(), fields));
        }
        return all;
    }

    static Predicate<Map<String, Object>> one(String field, Object wanted, ContactFields fields) throws Methods.FaultAnswer {
        if (!fields.knows(field)) {
            throw Methods.FaultAnswer.noFieldFound(ContactFields.TABLE, field);
        }
        if (NULL.equals(wanted)) {
            return contact -> contact.get(field) == null;
        }
        if (wanted instanceof String pattern) {
            Pattern regex = like(pattern);
            return contact -> contact.get(field) != null && regex.matcher(text(contact.get(field))).matches();
        }
        if (wanted instanceof Integer || wanted instanceof LocalDateTime) {
            return contact -> wanted.equals(contact.get(field));
        }
        throw Methods.FaultAnswer.invalidParameter("cannot search " + ContactFields.TABLE + "." + field + " for " + wanted);
    }

    /**
     * The order {@code orderBy} names, nulls first as a database sorts them, text ignoring case;
     * ties, and everything when no field is named, go by Id.
     */
    static Comparator<Map<String, Object>> order(String orderBy, boolean ascending, ContactFields fields) throws Methods.FaultAnswer {
        if (!fields.knows(orderBy)) {
            throw Methods.FaultAnswer.noFieldFound(ContactFields.TABLE, orderBy);
        }
        Comparator<Map<String, Object>> byField = (a, b) -> compareValues(a.get(orderBy), b.get(orderBy));
        return (ascending ? byField : byField.reversed()).thenComparing(ContactStore.byId());
    }

    /** {@code pattern} as a whole-value, case-blind regular expression, {@code %} matching anything. */
    static Pattern like(String pattern) {
        String[] literals = pattern.split("%", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String text(Object value) {
        return value instanceof LocalDateTime time ? XmlRpcDates.format(time) : String.valueOf(value);
    }

    /** Two values of one field: nulls first, text ignoring case, ints and dates by value. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareToIgnoreCase(y);
        }
        return ((Comparable) a).compareTo(b);
    }
}
