package org.contactlookup.sandbox;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The sandbox's contacts and the addresses opted in to marketing. Every contact has an Id,
 * DateCreated and LastUpdated, set as Infusionsoft sets them; dates are wall-clock times in the
 * sandbox's zone. Thread-safe: every method locks the store, which is plenty for a stand-in.
 */
final class ContactStore {
    /** Ids handed out start here, above every demo contact's, so a new contact stands out. */
    static final int FIRST_NEW_ID = 101;
    private static final List<String> EMAIL_FIELDS = List.of("Email", "EmailAddress2", "EmailAddress3");

    private final Map<Integer, Map<String, Object>> contacts = new TreeMap<>();
    private final Set<String> optedIn = new HashSet<>();
    private final ContactFields fields;
    private final Clock clock;
    private int nextId = FIRST_NEW_ID;

    /** A store holding {@code seed}: contacts already checked and in the store's types, Ids and dates optional. */
    ContactStore(List<Map<String, Object>> seed, ContactFields fields, Clock clock) {
        this.fields = fields;
        this.clock = clock;
        seed.stream().map(c -> c.get("Id")).filter(Integer.class::isInstance).map(Integer.class::cast)
                .max(Integer::compare).ifPresent(max -> nextId = Math.max(nextId, max + 1));
        LocalDateTime now = now();
        for (Map<String, Object> values : seed) {
            Map<String, Object> contact = new LinkedHashMap<>(values);
            int id = contact.get("Id") instanceof Integer given ? given : nextId++;
            contact.put("Id", id);
            contact.putIfAbsent("DateCreated", now);
            contact.putIfAbsent("LastUpdated", contact.get("DateCreated"));
            contacts.put(id, contact);
        }
    }

    ContactFields fields() {
        return fields;
    }

    ZoneId zone() {
        return clock.getZone();
    }

    /** The contacts whose Email, EmailAddress2 or EmailAddress3 equals {@code email}, ignoring case. */
    synchronized List<Map<String, Object>> findByEmail(String email, List<String> wanted) {
        return select(hasAddress(email), byId()).stream().map(c -> project(c, wanted)).toList();
    }

    /** Copies of the contacts that pass {@code test}, in {@code order}. */
    synchronized List<Map<String, Object>> select(Predicate<Map<String, Object>> test, Comparator<Map<String, Object>> order) {
        return contacts.values().stream().filter(test).sorted(order).map(c -> (Map<String, Object>) new LinkedHashMap<>(c)).toList();
    }

    synchronized Map<String, Object> load(int id, List<String> wanted) {
        Map<String, Object> contact = contacts.get(id);
        return contact == null ? null : project(contact, wanted);
    }

    /** Adds a contact from values {@link ContactFields#writable} has checked; returns its new Id. */
    synchronized int add(Map<String, Object> values) {
        int id = nextId++;
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("Id", id);
        values.forEach((field, value) -> {
            if (value != null) {
                contact.put(field, value);
            }
        });
        LocalDateTime now = now();
        contact.put("DateCreated", now);
        contact.put("LastUpdated", now);
        contacts.put(id, contact);
        return id;
    }

    /** Writes checked values (null clears a field) and stamps LastUpdated; false when there is no such contact. */
    synchronized boolean update(int id, Map<String, Object> values) {
        Map<String, Object> contact = contacts.get(id);
        if (contact == null) {
            return false;
        }
        values.forEach((field, value) -> {
            if (value == null) {
                contact.remove(field);
            } else {
                contact.put(field, value);
            }
        });
        contact.put("LastUpdated", now());
        return true;
    }

    /** Adds the tag to the contact's comma-separated Groups, once; false when there is no such contact. */
    synchronized boolean addToGroup(int id, int groupId) {
        Map<String, Object> contact = contacts.get(id);
        if (contact == null) {
            return false;
        }
        List<String> groups = new ArrayList<>();
        if (contact.get("Groups") instanceof String existing && !existing.isEmpty()) {
            groups.addAll(List.of(existing.split(",")));
        }
        if (!groups.contains(Integer.toString(groupId))) {
            groups.add(Integer.toString(groupId));
            contact.put("Groups", String.join(",", groups));
            contact.put("LastUpdated", now());
        }
        return true;
    }

    /** Opts the address in when some contact has it; false when none does. */
    synchronized boolean optIn(String email) {
        if (contacts.values().stream().noneMatch(hasAddress(email))) {
            return false;
        }
        optedIn.add(email.toLowerCase(Locale.ROOT));
        return true;
    }

    synchronized boolean optedIn(String email) {
        return optedIn.contains(email.toLowerCase(Locale.ROOT));
    }

    static Predicate<Map<String, Object>> hasAddress(String email) {
        return contact -> EMAIL_FIELDS.stream().map(contact::get)
                .anyMatch(v -> v instanceof String s && s.equalsIgnoreCase(email));
    }

    static Comparator<Map<String, Object>> byId() {
        return Comparator.comparing(c -> (Integer) c.get("Id"));
    }

    /** Only the fields asked for that have a value; no fields at all means just the Id, as Infusionsoft does. */
    static Map<String, Object> project(Map<String, Object> contact, List<String> wanted) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : wanted.isEmpty() ? List.of("Id") : wanted) {
            Object value = contact.get(field);
            if (value != null) {
                out.put(field, value);
            }
        }
        return out;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }
}
