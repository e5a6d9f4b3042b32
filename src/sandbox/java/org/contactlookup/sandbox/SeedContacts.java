package org.contactlookup.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contacts a sandbox starts with, given to {@link Sandbox.Builder#contacts(SeedContacts)}.
 * Each contact is a map from Infusionsoft field name ({@code FirstName}, {@code Email},
 * {@code OwnerID}, {@code Birthday}, ...; custom fields start with {@code _}) to its value:
 * text as {@code String}, whole numbers as {@code Integer}, dates as {@code LocalDateTime} (a
 * time in the sandbox's zone), {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime},
 * {@code Date}, or a string such as {@code 2024-01-15T09:30:00}. A contact without an
 * {@code Id} gets the next one above the highest given, and never below 101; without
 * {@code DateCreated} it gets the time the sandbox starts; without {@code LastUpdated}, its
 * {@code DateCreated}. Contacts added over the API take Ids from the same count.
 *
 * <p>Immutable, and checked when made: an unknown field, a value of the wrong type or a repeated
 * Id throws {@link IllegalArgumentException} naming the contact and the field.
 */
public final class SeedContacts {
    private final List<Map<String, Object>> contacts;
    private final Map<String, ContactFields.Type> custom;

    private SeedContacts(List<Map<String, Object>> contacts, Map<String, ContactFields.Type> custom) {
        this.contacts = contacts;
        this.custom = custom;
    }

    /** The demo contacts the README lists, with the addresses in {@link DemoContacts}: the default. */
    public static SeedContacts demo() {
        return of(DemoContacts.ALL);
    }

    /** No contacts at all. */
    public static SeedContacts none() {
        return of(List.of());
    }

    public static SeedContacts of(List<? extends Map<String, ?>> contacts) {
        return check(contacts, "contact");
    }

    /**
     * Reads a JSON array of objects, one per contact, with the same field names; dates are
     * strings such as {@code "2024-01-15T09:30:00"}, in the sandbox's zone.
     *
     * <p>Unchecked, so that it can be called where a test's settings are written: in a field
     * initialiser or a builder lambda.
     *
     * @throws UncheckedIOException     when the file cannot be read or is not JSON
     * @throws IllegalArgumentException naming the file, the contact and the field at fault
     */
    public static SeedContacts fromJson(Path file) {
        Object json;
        try {
            json = JSON.std.anyFrom(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contacts from " + file + ": " + e.getMessage(), e);
        }
        if (!(json instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw new IllegalArgumentException(file + ": expected a JSON array of objects, one per contact");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, ?>> maps = (List<Map<String, ?>>) list;
        return check(maps, file + ": contact");
    }

    /** How many contacts there are. */
    public int size() {
        return contacts.size();
    }

    /** The contacts with every date as a time in {@code zone}, for the store. */
    List<Map<String, Object>> contacts(ZoneId zone) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> contact : contacts) {
            Map<String, Object> local = new LinkedHashMap<>();
            contact.forEach((field, value) -> local.put(field, localTime(value, zone)));
            out.add(local);
        }
        return out;
    }

    /** The custom fields the contacts carry, each with the type its values have. */
    Map<String, ContactFields.Type> customFields() {
        return custom;
    }

    private static SeedContacts check(List<? extends Map<String, ?>> contacts, String what) {
        List<Map<String, Object>> checked = new ArrayList<>();
        Map<String, ContactFields.Type> custom = new LinkedHashMap<>();
        Set<Object> ids = new HashSet<>();
        for (int i = 0; i < contacts.size(); i++) {
            String where = what + " " + (i + 1);
            Map<String, Object> contact = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : contacts.get(i).entrySet()) {
                if (e.getValue() != null) {
                    contact.put(e.getKey(), value(where, e.getKey(), e.getValue(), custom));
                }
            }
            if (contact.containsKey("Id") && !ids.add(contact.get("Id"))) {
                throw new IllegalArgumentException(where + ": Id " + contact.get("Id") + " is used twice");
            }
            checked.add(Collections.unmodifiableMap(contact));
        }
        return new SeedContacts(List.copyOf(checked), Map.copyOf(custom));
    }

    private static Object value(String where, String field, Object value, Map<String, ContactFields.Type> custom) {
        ContactFields.Type type = ContactFields.standardType(field);
        if (type == null) {
            if (!field.matches("_[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException(where + ": unknown field '" + field + "' (custom fields start with _)");
            }
            type = value instanceof String ? ContactFields.Type.TEXT : value instanceof Number ? ContactFields.Type.INT : ContactFields.Type.DATE;
            ContactFields.Type earlier = custom.putIfAbsent(field, type);
            if (earlier != null && earlier != type) {
                throw new IllegalArgumentException(where + ": " + field + " holds " + type + " here and " + earlier + " before");
            }
        }
        Object converted = switch (type) {
            case TEXT -> value instanceof String ? value : null;
            case INT -> (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() == ((Number) value).intValue()
                    ? ((Number) value).intValue() : null;
            case DATE -> date(value);
        };
        if (converted == null || ("Id".equals(field) && (Integer) converted < 1)) {
            throw new IllegalArgumentException(where + ": " + field + " cannot be " + value.getClass().getSimpleName() + " " + value);
        }
        return converted;
    }

    /** A date as given (kept until the zone is known), or null when it is not one. */
    private static Object date(Object value) {
        if (value instanceof String s) {
            try {
                return XmlRpcDates.parse(s.strip());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return value instanceof LocalDateTime || value instanceof Instant || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime || value instanceof Date ? value : null;
    }

    /** Whole seconds, as XML-RPC carries them. */
    private static Object localTime(Object value, ZoneId zone) {
        Instant instant = value instanceof Instant i ? i
                : value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof ZonedDateTime z ? z.toInstant()
                : value instanceof Date d ? d.toInstant()
                : null;
        LocalDateTime local = instant != null ? LocalDateTime.ofInstant(instant, zone)
                : value instanceof LocalDateTime l ? l : null;
        return local == null ? value : local.truncatedTo(ChronoUnit.SECONDS);
    }
}
