package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keap's quota headers as they come: optional, in seconds or milliseconds, sometimes not numbers at all. */
class KeapCountsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");

    private static Optional<KeapCounts> read(String day, String expiry, String minute) {
        Map<String, String> headers = new HashMap<>();
        if (day != null) {
            headers.put(KeapCounts.DAY_AVAILABLE, day);
        }
        if (expiry != null) {
            headers.put(KeapCounts.DAY_EXPIRY, expiry);
        }
        if (minute != null) {
            headers.put(KeapCounts.MINUTE_AVAILABLE, minute);
        }
        return KeapCounts.read(name -> Optional.ofNullable(headers.get(name)), NOW);
    }

    @ParameterizedTest(name = "day {0}, expiry {1}, minute {2}")
    @CsvSource(nullValues = "-", value = {
            // day, expiry, minute -> day left, resets at, minute left
            "29990, 1796472000,    239, 29990, 2026-12-05T12:00:00Z, 239",  // expiry in epoch seconds
            "5,     1796472000000, -,   5,     2026-12-05T12:00:00Z, -",    // in milliseconds
            "0,     -,             -,   0,     2026-12-05T00:00:00Z, -",    // no expiry: the next UTC midnight
            "0,     1733300000,    -,   0,     2026-12-05T00:00:00Z, -",    // an expiry already past: the same
            "12,    soon,          7,   12,    2026-12-05T00:00:00Z, 7",    // an expiry that is no number
            "-,     1796472000,    3,   -,     -,                    3",    // the minute alone: no day, no reset
            "' 42 ', -,            -1,  42,    2026-12-05T00:00:00Z, -",    // spaces around; a negative count is no count
    })
    void countsAreReadFromTheHeadersThatCarryThem(String day, String expiry, String minute,
                                                 Long dayLeft, Instant resets, Long minuteLeft) {
        KeapCounts counts = read(day, expiry, minute).orElseThrow();
        assertEquals(dayLeft == null ? OptionalLong.empty() : OptionalLong.of(dayLeft), counts.dayLeft());
        assertEquals(resets, counts.dayResetsAt());
        assertEquals(minuteLeft == null ? OptionalLong.empty() : OptionalLong.of(minuteLeft), counts.minuteLeft());
        assertEquals(NOW, counts.heardAt());
    }

    @ParameterizedTest(name = "day {0}, minute {1}")
    @CsvSource(nullValues = "-", value = {"-, -", "lots, -", "-, 1e3", "99999999999999999999, -", "'', ''"})
    void anAnswerWithoutUsableCountsSaysNothing(String day, String minute) {
        assertEquals(Optional.empty(), read(day, "1796472000", minute));
    }
}
