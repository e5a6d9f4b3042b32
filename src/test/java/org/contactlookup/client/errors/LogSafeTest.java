package org.contactlookup.client.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What reaches a log line from outside: one line, read in the order it was written, no address in full. */
class LogSafeTest {
    static Stream<Arguments> cleaned() {
        return Stream.of(
                Arguments.of("plain text", "plain text"),
                Arguments.of("Zoë Ångström, 東京, emoji \uD83D\uDE00", "Zoë Ångström, 東京, emoji \uD83D\uDE00"),
                Arguments.of("a\nINFO forged", "a\\u000AINFO forged"),
                Arguments.of("a\r\nb\tc\u0000d\u001Be[31m", "a\\u000D\\u000Ab\\u0009c\\u0000d\\u001Be[31m"),
                Arguments.of("del\u007F", "del\\u007F"),
                Arguments.of("C1 \u0080 \u0085 \u009B \u009F", "C1 \\u0080 \\u0085 \\u009B \\u009F"),
                Arguments.of("line\u2028separator\u2029paragraph", "line\\u2028separator\\u2029paragraph"),
                Arguments.of("\u061C\u200E\u200F", "\\u061C\\u200E\\u200F"),
                Arguments.of("\u202A\u202B\u202C\u202D\u202E", "\\u202A\\u202B\\u202C\\u202D\\u202E"),
                Arguments.of("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
                Arguments.of("user \u202Enimda\u202C logged in", "user \\u202Enimda\\u202C logged in"),
                // Neighbours of the ranges stay: they neither break a line nor reorder one.
                Arguments.of("\u00A0\u2027\u202F\u2065\u206A\u200D", "\u00A0\u2027\u202F\u2065\u206A\u200D"));
    }

    @ParameterizedTest
    @MethodSource("cleaned")
    void cleanEscapesWhatCouldForgeOrDisguiseALine(String text, String logged) {
        assertEquals(logged, LogSafe.clean(text));
    }

    static Stream<Arguments> emails() {
        return Stream.of(
                Arguments.of("john.doe@example.com", "j***@example.com"),
                Arguments.of("\u202Eevil@example.com", "\\u202E***@example.com"),
                Arguments.of("\nx@example.com", "\\u000A***@example.com"),
                Arguments.of("a@exa\u2028mple.com\u0085", "a***@exa\\u2028mple.com\\u0085"),
                Arguments.of("\uD83D\uDE00@example.com", "\uD83D\uDE00***@example.com"),
                Arguments.of("no-at-sign", "***"),
                Arguments.of("", "(none)"));
    }

    @ParameterizedTest
    @MethodSource("emails")
    void emailKeepsTheFirstCharacterAndTheDomainMadeHarmless(String address, String logged) {
        assertEquals(logged, LogSafe.email(address));
    }

    @Test
    void redactShortensEveryAddressAndEscapesTheRest() {
        assertEquals("[RecordNotFound]no contact j***@example.com\\u2028 or a***@b.org",
                LogSafe.redact("[RecordNotFound]no contact jane@example.com\u2028 or alex@b.org"));
    }
}
