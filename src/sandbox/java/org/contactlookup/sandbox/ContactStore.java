package org.contactlookup.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sandbox's contacts, seeded with the demo data the README lists. Thread-safe: every method
 * locks the store, which is plenty for a stand-in.
 */
final class ContactStore {
    /** The contact fields the sandbox knows; Infusionsoft has more, these cover the guide and the tests. */
    static final Set<String> FIELDS = Set.of("Id", "FirstName", "LastName", "MiddleName", "Email", "EmailAddress2",
            "EmailAddress3", "Company", "JobTitle", "Phone1", "Phone2", "City", "State", "PostalCode", "Country",
            "DateCreated", "LastUpdated", "OwnerID", "Leadsource");
    private static final List<String> EMAIL_FIELDS = List.of("Email", "EmailAddress2", "EmailAddress3");

    private final Map<Integer, Map<String, Object>> contacts = new TreeMap<>();
    private int nextId = 101;

    static ContactStore seeded() {
        ContactStore store = new ContactStore();
        for (Map<String, Object> contact : DemoContacts.ALL) {
            store.contacts.put((Integer) contact.get("Id"), new LinkedHashMap<>(contact));
        }
        return store;
    }

    /** The contacts whose Email, EmailAddress2 or EmailAddress3 equals {@code email}, ignoring case. */
    synchronized List<Map<String, Object>> findByEmail(String email, List<String> fields) {
        String wanted = email.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> contact : contacts.values()) {
            boolean matches = EMAIL_FIELDS.stream()
                    .map(contact::get)
                    .anyMatch(v -> v instanceof String s && s.toLowerCase(Locale.ROOT).equals(wanted));
            if (matches) {
                found.add(project(contact, fields));
            }
        }
        return found;
    }

    /** Copies of every contact whose Email, EmailAddress2 or EmailAddress3 passes {@code test}, by Id. */
    synchronized List<Map<String, Object>> withAddress(java.util.function.Predicate<String> test) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> contact : contacts.values()) {
            if (EMAIL_FIELDS.stream().map(contact::get).anyMatch(v -> v instanceof String s && test.test(s))) {
                found.add(new LinkedHashMap<>(contact));
            }
        }
        return found;
    }

    synchronized Map<String, Object> load(int id, List<String> fields) {
        Map<String, Object> contact = contacts.get(id);
        return contact == null ? null : project(contact, fields);
    }

    synchronized int add(Map<String, Object> values) {
        int id = nextId++;
        Map<String, Object> contact = new LinkedHashMap<>(values);
        contact.put("Id", id);
        contacts.put(id, contact);
        return id;
    }

    /** Only the fields asked for that have a value; no fields at all means just the Id, as Infusionsoft does. */
    private static Map<String, Object> project(Map<String, Object> contact, List<String> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> wanted = fields.isEmpty() ? List.of("Id") : fields;
        for (String field : wanted) {
            Object value = contact.get(field);
            if (value != null) {
                out.put(field, value);
            }
        }
        return out;
    }

    /** The first requested name that is not a contact field, or null when all are known. */
    static String unknownField(List<String> fields) {
        return fields.stream().filter(f -> !FIELDS.contains(f)).findFirst().orElse(null);
    }
}
