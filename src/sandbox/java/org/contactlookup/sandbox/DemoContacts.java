package org.contactlookup.sandbox;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo contacts every sandbox starts with. The README lists them; the tests rely on each one
 * for a particular case, said beside it.
 */
public final class DemoContacts {
    /** The guide's own example: one contact, found by its main address. */
    public static final String JOHN = "john.doe@example.com";
    /** Found only through EmailAddress2. */
    public static final String JANE_SECOND_ADDRESS = "jroe@example.org";
    /** Two contacts share this address. */
    public static final String SHARED = "family@example.com";
    /** Stored in mixed case; any case finds it. */
    public static final String MIXED_CASE = "Mixed.Case@Example.COM";
    /** Names outside ASCII. */
    public static final String NON_ASCII = "zoe.angstrom@example.com";
    /** A name holding markup, an ampersand and quotes, to show encoding at work. */
    public static final String MARKUP = "markup@example.com";
    /** Nobody has this address. */
    public static final String NOBODY = "nobody@example.com";

    /** Created in Id order a few weeks apart (Eastern time, as Infusionsoft gives it); only John was edited since. */
    static final List<Map<String, Object>> ALL = List.of(
            contact(3, "John", "Doe", JOHN, null, "2024-01-15T09:30:00", "2025-02-01T10:00:00"),
            contact(5, "Jane", "Roe", "jane.roe@example.com", JANE_SECOND_ADDRESS, "2024-02-03T14:05:00", null),
            contact(7, "Sam", "Lee", SHARED, null, "2024-03-10T08:00:00", null),
            contact(9, "Alex", "Lee", SHARED, null, "2024-03-11T16:45:00", null),
            contact(11, "María", "García", MIXED_CASE, null, "2024-04-22T11:20:00", null),
            contact(13, "Zoë", "Ångström", NON_ASCII, null, "2024-05-30T19:00:00", null),
            contact(15, "<b>Bobby</b> & \"Bob\"", "O'Brien <script>alert(1)</script>", MARKUP, null, "2024-06-01T12:00:00", null));

    /** Each demo address with what it shows, for the launcher and the README. */
    public static final Map<String, String> TRY_THESE = tryThese();

    private DemoContacts() {
    }

    private static Map<String, String> tryThese() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(JOHN, "the guide's John Doe");
        m.put(JANE_SECOND_ADDRESS, "found through EmailAddress2");
        m.put(SHARED, "two contacts share it");
        m.put(MIXED_CASE.toLowerCase(java.util.Locale.ROOT), "stored as " + MIXED_CASE);
        m.put(NON_ASCII, "Zoë Ångström");
        m.put(MARKUP, "a name full of markup, shown inert");
        m.put(NOBODY, "found no one");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> contact(int id, String first, String last, String email, String email2,
            String created, String updated) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Id", id);
        c.put("FirstName", first);
        c.put("LastName", last);
        c.put("Email", email);
        if (email2 != null) {
            c.put("EmailAddress2", email2);
        }
        c.put("DateCreated", LocalDateTime.parse(created));
        c.put("LastUpdated", LocalDateTime.parse(updated != null ? updated : created));
        return Collections.unmodifiableMap(c);
    }
}
