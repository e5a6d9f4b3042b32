package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone sandbox's environment variables: their defaults, and a message naming each bad value. */
class StandaloneSettingsTest {
    @Test
    void withNothingSetItRunsOnPort8443WithKeapsLifetimes() {
        assertEquals(new StandaloneSettings(8443, Path.of("target/sandbox").toAbsolutePath(), Optional.empty(), false,
                Duration.ofHours(24), Duration.ofDays(45)), StandaloneSettings.from(Map.of()));
    }

    @Test
    void everySettingIsRead(@TempDir Path folder) throws Exception {
        Path contacts = Files.writeString(folder.resolve("contacts.json"), "[]");
        assertEquals(new StandaloneSettings(0, folder, Optional.of(contacts), true, Duration.ofSeconds(60), Duration.ofSeconds(600)),
                StandaloneSettings.from(Map.of("SANDBOX_PORT", "0", "SANDBOX_DIR", folder.toString(),
                        "SANDBOX_CONTACTS", contacts.toString(), "SANDBOX_KEEP_KEYS", "TRUE",
                        "SANDBOX_ACCESS_TOKEN_SECONDS", " 60 ", "SANDBOX_REFRESH_TOKEN_SECONDS", "600")));
    }

    @Test
    void blankValuesCountAsUnset() {
        assertEquals(StandaloneSettings.from(Map.of()), StandaloneSettings.from(Map.of("SANDBOX_PORT", " ",
                "SANDBOX_KEEP_KEYS", "", "SANDBOX_ACCESS_TOKEN_SECONDS", "", "SANDBOX_CONTACTS", "")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SANDBOX_PORT | 65536 | SANDBOX_PORT must be a port number from 0 (any free port) to 65535, not '65536'",
        "SANDBOX_PORT | -1 | SANDBOX_PORT must be a port number from 0 (any free port) to 65535, not '-1'",
        "SANDBOX_PORT | 84 43 | SANDBOX_PORT must be a port number from 0 (any free port) to 65535, not '84 43'",
        "SANDBOX_ACCESS_TOKEN_SECONDS | 0 | SANDBOX_ACCESS_TOKEN_SECONDS must be a whole number of seconds from 1 to 31536000, not '0'",
        "SANDBOX_ACCESS_TOKEN_SECONDS | 1.5 | SANDBOX_ACCESS_TOKEN_SECONDS must be a whole number of seconds from 1 to 31536000, not '1.5'",
        "SANDBOX_ACCESS_TOKEN_SECONDS | 60s | SANDBOX_ACCESS_TOKEN_SECONDS must be a whole number of seconds from 1 to 31536000, not '60s'",
        "SANDBOX_REFRESH_TOKEN_SECONDS | 31536001 | SANDBOX_REFRESH_TOKEN_SECONDS must be a whole number of seconds from 1 to 31536000, not '31536001'",
        "SANDBOX_REFRESH_TOKEN_SECONDS | 99999999999999999999 | SANDBOX_REFRESH_TOKEN_SECONDS must be a whole number of seconds from 1 to 31536000, not '99999999999999999999'",
        "SANDBOX_KEEP_KEYS | yes | SANDBOX_KEEP_KEYS must be true or false, not 'yes'",
        "SANDBOX_CONTACTS | no-such-contacts.json | SANDBOX_CONTACTS must name a readable JSON file of contacts, not 'no-such-contacts.json'",
    })
    void aBadValueIsRefusedNamingTheVariableAndTheValue(String variable, String value, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> StandaloneSettings.from(Map.of(variable, value))).getMessage());
    }
}
