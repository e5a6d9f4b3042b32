package org.contactlookup.client.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a server's Retry-After is read: seconds or an HTTP date, never more than a day. */
class FailuresTest {
    private static final Duration DAY = Duration.ofDays(1);

    @ParameterizedTest(name = "''{0}'' is {1} s")
    @CsvSource(delimiter = '|', value = {
        "12          | 12",
        "0           | 0",
        "0000000002  | 2",
        "  7         | 7",
        "86400       | 86400",
        "86401       | 86400",
        "999999999   | 86400",
        "2337645391  | 86400",
        "00000000000000000000000000000000000000000003 | 3",
        "1234567890123456789012345678901234567890 | 86400",
        "Fri, 31 Dec 2100 23:59:59 GMT | 86400",
        "Thu, 01 Jan 1970 00:00:00 GMT | 0"})
    void readsSecondsAndDatesAndCapsAtADay(String header, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Failures.retryAfter(header));
    }

    @Test
    void aDateWithinTheDayIsTheTimeUntilIt() {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        Duration asked = Failures.retryAfter(inAnHour);
        assertEquals(true, asked.compareTo(Duration.ofMinutes(59)) > 0 && asked.compareTo(Duration.ofMinutes(60)) <= 0, asked.toString());
    }

    @Test
    void anythingElseCountsAsAbsent() {
        for (String header : new String[] {null, "", "  ", "-5", "1.5", "soon", "Friday"}) {
            assertEquals(null, Failures.retryAfter(header), header);
        }
    }

    @Test
    void theSameCappedValueIsWarnedOnceAMinuteAndSaidAtFineBetween() {
        String far = "9" + Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1_000_000_000L);
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(DAY, Failures.retryAfter(far));
            }
            String line = "Retry-After " + far + " is further away than a day, the longest quota period; waiting a day instead";
            assertEquals(List.of("WARNING " + line, "FINE " + line, "FINE " + line),
                    log.lines().stream().filter(l -> l.contains(far)).toList());
        }
    }
}
