package org.contactlookup.sandbox;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Contact table's fields the sandbox knows, each with the XML-RPC type Infusionsoft gives it,
 * plus the custom fields ({@code _Name}) the seed contacts carry. Values written over the API are
 * checked and converted here, so the store only ever holds strings, ints and dates. Immutable.
 */
final class ContactFields {
    static final String TABLE = "Contact";

    /** How a field's value travels: {@code string}, {@code i4} or {@code dateTime.iso8601}. */
    enum Type { TEXT, INT, DATE }

    private static final Map<String, Type> STANDARD = standard();
    /** Stamped by the service itself, so a client may read them but not write them. */
    private static final Set<String> READ_ONLY = Set.of("Id", "DateCreated", "LastUpdated");

    private final Map<String, Type> fields;

    private ContactFields(Map<String, Type> fields) {
        this.fields = fields;
    }

    /** The standard fields and the given custom ones. */
    static ContactFields with(Map<String, Type> custom) {
        Map<String, Type> all = new LinkedHashMap<>(STANDARD);
        all.putAll(custom);
        return new ContactFields(Map.copyOf(all));
    }

    /** The type of a standard field, or null when {@code field} is not one. */
    static Type standardType(String field) {
        return STANDARD.get(field);
    }

    boolean knows(String field) {
        return fields.containsKey(field);
    }

    /** {@code names}, when each is a field. */
    List<String> requireKnown(List<String> names) throws Methods.FaultAnswer {
        for (String name : names) {
            if (!knows(name)) {
                throw Methods.FaultAnswer.noFieldFound(TABLE, name);
            }
        }
        return names;
    }

    /**
     * Checks and converts the values a client wants to write, leniently as a PHP client needs:
     * a text field takes any scalar, a number field an int or a string of digits, a date field a
     * {@code dateTime.iso8601} or a string in that form. An empty string clears a field, so it
     * becomes null.
     */
    Map<String, Object> writable(Map<String, Object> values) throws Methods.FaultAnswer {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String field = e.getKey();
            if (!knows(field)) {
                throw Methods.FaultAnswer.noFieldFound(TABLE, field);
            }
            if (READ_ONLY.contains(field)) {
                throw new Methods.FaultAnswer(8, "[NoFieldAccess]No field access: " + TABLE + "." + field);
            }
            out.put(field, convert(field, e.getValue()));
        }
        return out;
    }

    private Object convert(String field, Object value) throws Methods.FaultAnswer {
        if (value instanceof String s && s.isEmpty()) {
            return null;
        }
        Type type = fields.get(field);
        boolean scalar = value instanceof String || value instanceof Integer || value instanceof Double || value instanceof Boolean;
        if (type == Type.TEXT && scalar) {
            return String.valueOf(value);
        }
        if (type == Type.INT && value instanceof Integer) {
            return value;
        }
        if (type == Type.INT && value instanceof String s && s.strip().matches("-?\\d{1,9}")) {
            return Integer.valueOf(s.strip());
        }
        if (type == Type.DATE && value instanceof LocalDateTime) {
            return value;
        }
        if (type == Type.DATE && value instanceof String s) {
            try {
                return XmlRpcDates.parse(s.strip());
            } catch (IllegalArgumentException e) {
                // reported below, naming the field
            }
        }
        throw Methods.FaultAnswer.invalidParameter(TABLE + "." + field + " takes " + describe(type) + ", not " + value);
    }

    private static String describe(Type type) {
        return switch (type) {
            case TEXT -> "text";
            case INT -> "an integer";
            case DATE -> "a dateTime.iso8601";
        };
    }

    private static Map<String, Type> standard() {
        Map<String, Type> m = new LinkedHashMap<>();
        for (String f : List.of("FirstName", "LastName", "MiddleName", "Nickname", "Title", "Suffix", "Email",
                "EmailAddress2", "EmailAddress3", "Company", "JobTitle", "Phone1", "Phone2", "Phone3", "Phone4", "Phone5",
                "Fax1", "StreetAddress1", "StreetAddress2", "City", "State", "PostalCode", "Country", "Website",
                "Leadsource", "ContactType", "ContactNotes", "Groups", "SpouseName", "ReferralCode")) {
            m.put(f, Type.TEXT);
        }
        for (String f : List.of("Id", "OwnerID", "CompanyID", "LeadSourceId")) {
            m.put(f, Type.INT);
        }
        for (String f : List.of("DateCreated", "LastUpdated", "Birthday", "Anniversary")) {
            m.put(f, Type.DATE);
        }
        return Map.copyOf(m);
    }
}
