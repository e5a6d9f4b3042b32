package org.contactlookup.client.protocol.rest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guide's XML-RPC field names and where REST v2 keeps the same values, so that the page asks
 * for {@code FirstName} on either protocol. A name with no counterpart here is refused before
 * any call, rather than coming back empty.
 */
public final class RestFields {
    /** Guide name to REST v2 field; the three addresses live in {@code email_addresses}. */
    private static final Map<String, String> REST_NAME = Map.of(
            "Id", "id",
            "FirstName", "given_name",
            "LastName", "family_name",
            "MiddleName", "middle_name",
            "JobTitle", "job_title",
            "Email", "email_addresses",
            "EmailAddress2", "email_addresses",
            "EmailAddress3", "email_addresses");
    private static final Map<String, String> ADDRESS_SLOT = Map.of("Email", "EMAIL1", "EmailAddress2", "EMAIL2", "EmailAddress3", "EMAIL3");

    private RestFields() {
    }

    /** The REST {@code fields} to ask for: those behind {@code guideFields}, plus what matching needs. */
    public static Set<String> restFields(List<String> guideFields) {
        Set<String> rest = new LinkedHashSet<>(List.of("id", "email_addresses"));
        for (String field : guideFields) {
            String name = REST_NAME.get(field);
            if (name == null) {
                throw new IllegalArgumentException("field '" + field + "' has no REST v2 counterpart here; use "
                        + String.join(", ", List.of("Id", "FirstName", "LastName", "MiddleName", "JobTitle", "Email",
                        "EmailAddress2", "EmailAddress3")));
            }
            rest.add(name);
        }
        return rest;
    }

    /** True when any of the contact's addresses equals {@code email}, ignoring case. */
    public static boolean hasAddress(Map<String, Object> contact, String email) {
        return addresses(contact).values().stream().anyMatch(email::equalsIgnoreCase);
    }

    /** The contact under the guide's names: the {@code guideFields} that have a value, or just Id when none are asked for. */
    public static Map<String, Object> toGuide(Map<String, Object> contact, List<String> guideFields) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> addresses = addresses(contact);
        for (String field : guideFields.isEmpty() ? List.of("Id") : guideFields) {
            Object value = ADDRESS_SLOT.containsKey(field) ? addresses.get(ADDRESS_SLOT.get(field))
                    : field.equals("Id") ? id(contact.get("id")) : contact.get(REST_NAME.get(field));
            if (value != null && !(value instanceof String s && s.isEmpty())) {
                out.put(field, value);
            }
        }
        return out;
    }

    /** REST v2 ids are strings; XML-RPC's are integers. The page shows the same either way. */
    private static Object id(Object id) {
        if (id instanceof String s && s.matches("\\d{1,9}")) {
            return Integer.valueOf(s);
        }
        return id instanceof Number n ? Integer.valueOf(n.intValue()) : id;
    }

    private static Map<String, String> addresses(Map<String, Object> contact) {
        Map<String, String> bySlot = new LinkedHashMap<>();
        if (contact.get("email_addresses") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> address && address.get("email") instanceof String email) {
                    bySlot.putIfAbsent(String.valueOf(address.get("field")), email);
                }
            }
        }
        return bySlot;
    }
}
