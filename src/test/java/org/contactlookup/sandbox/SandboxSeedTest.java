package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.contactlookup.testing.StockXmlRpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contacts a test gives the sandbox instead of the demo ones: from the builder or a JSON file, checked when given. */
class SandboxSeedTest {
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T15:04:05Z"), EASTERN);
    private static final LocalDateTime START = LocalDateTime.of(2026, 3, 2, 10, 4, 5);

    private static Map<String, Object> contact(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void theDemoContactsAreTheDefault() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            assertEquals(List.of(3, 5, 7, 9, 11, 13, 15), sandbox.contacts().stream().map(c -> c.get("Id")).toList());
            assertEquals(contact("Id", 3, "FirstName", "John", "LastName", "Doe", "Email", DemoContacts.JOHN,
                    "DateCreated", LocalDateTime.of(2024, 1, 15, 9, 30), "LastUpdated", LocalDateTime.of(2025, 2, 1, 10, 0)),
                    sandbox.contacts().get(0));
        }
    }

    @Test
    void builderContactsReplaceTheDemoOnesAndGetIdsAfterTheHighestGivenAndTheStartTime() throws Exception {
        SeedContacts seed = SeedContacts.of(List.of(
                contact("FirstName", "Ann", "Email", "ann@example.com"),
                contact("Id", 500, "FirstName", "Bo", "DateCreated", Instant.parse("2025-07-04T16:00:00Z")),
                contact("FirstName", "Cy")));

        try (Sandbox sandbox = Sandbox.builder().contacts(seed).clock(CLOCK).start()) {
            assertEquals(List.of(
                    contact("FirstName", "Ann", "Email", "ann@example.com", "Id", 501, "DateCreated", START, "LastUpdated", START),
                    contact("Id", 500, "FirstName", "Bo", "DateCreated", LocalDateTime.of(2025, 7, 4, 12, 0),
                            "LastUpdated", LocalDateTime.of(2025, 7, 4, 12, 0)),
                    contact("FirstName", "Cy", "Id", 502, "DateCreated", START, "LastUpdated", START)),
                    sandbox.contacts().stream().sorted((a, b) -> ((String) a.get("FirstName")).compareTo((String) b.get("FirstName"))).toList());
        }
    }

    @Test
    void noContactsLeavesTheStoreEmptyAndTheFirstAddedGets101() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().contacts(SeedContacts.none()).clock(CLOCK).start()) {
            List<Map<String, Object>> before = sandbox.contacts();
            Object id = StockXmlRpc.client(sandbox.keapEndpoint(), sandbox.trust(), sandbox.apiKey(), TimeZone.getTimeZone(EASTERN))
                    .execute("ContactService.add", new Object[] {"placeholder", Map.of("FirstName", "First")});

            assertEquals(List.of(), before);
            assertEquals(101, id);
        }
    }

    @Test
    void aJsonFileSeedsContactsWithCustomFields(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("contacts.json");
        Files.writeString(file, "[{\"Id\": 21, \"FirstName\": \"Dee\", \"Email\": \"dee@example.com\", \"OwnerID\": 4,"
                + " \"Birthday\": \"1990-05-17T00:00:00\", \"_Tier\": \"gold\", \"_Visits\": 12},"
                + " {\"FirstName\": \"Eve\", \"_Tier\": \"silver\"}]");

        SeedContacts seed = SeedContacts.fromJson(file);
        try (Sandbox sandbox = Sandbox.builder().contacts(seed).clock(CLOCK).start()) {
            assertEquals(2, seed.size());
            assertEquals(contact("Id", 21, "FirstName", "Dee", "Email", "dee@example.com", "OwnerID", 4,
                    "Birthday", LocalDateTime.of(1990, 5, 17, 0, 0), "_Tier", "gold", "_Visits", 12,
                    "DateCreated", START, "LastUpdated", START), sandbox.contacts().get(0));
            assertEquals(contact("FirstName", "Eve", "_Tier", "silver", "Id", 101, "DateCreated", START, "LastUpdated", START),
                    sandbox.contacts().get(1));
        }
    }

    @Test
    void anUnknownFieldIsRefusedNamingTheContact() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedContacts.of(List.of(contact("FirstName", "A"), contact("Nickname2", "B"))));

        assertEquals("contact 2: unknown field 'Nickname2' (custom fields start with _)", e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedContacts.of(List.of(contact("OwnerID", "four"))));

        assertEquals("contact 1: OwnerID cannot be String four", e.getMessage());
    }

    @Test
    void aRepeatedIdIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedContacts.of(List.of(contact("Id", 4), contact("Id", 4))));

        assertEquals("contact 2: Id 4 is used twice", e.getMessage());
    }

    @Test
    void aJsonFileThatIsNotAnArrayOfObjectsIsRefusedNamingTheFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("contacts.json");
        Files.writeString(file, "{\"FirstName\": \"Dee\"}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedContacts.fromJson(file));

        assertEquals(file + ": expected a JSON array of objects, one per contact", e.getMessage());
    }

    @Test
    void aBadDateInAJsonFileIsRefusedNamingFileContactAndField(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("contacts.json");
        Files.writeString(file, "[{\"FirstName\": \"Dee\", \"Birthday\": \"17/05/1990\"}]");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedContacts.fromJson(file));

        assertEquals(file + ": contact 1: Birthday cannot be String 17/05/1990", e.getMessage());
    }
}
