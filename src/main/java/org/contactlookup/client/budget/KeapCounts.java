package org.contactlookup.client.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What Keap said it has left for this account on its latest answer, from the quota headers it
 * sends (FACTS: {@code x-keap-product-quota-available}, {@code ...-quota-expiry-time},
 * {@code x-keap-product-throttle-available}). For keys these counts are the account's, shared
 * with every other integration on it, so they can be lower than what this app counted itself.
 * Each header is optional; an answer with none of them says nothing.
 *
 * @param dayLeft     calls left in the day's quota, if said
 * @param dayResetsAt when the day's quota is whole again: Keap's expiry time, or the next UTC
 *                    midnight when it gave none (or one already past); null when no day count
 *                    was said
 * @param minuteLeft  calls left in the current minute, if said
 * @param heardAt     when the answer arrived, on this machine's clock
 */
public record KeapCounts(OptionalLong dayLeft, Instant dayResetsAt, OptionalLong minuteLeft, Instant heardAt) {
    public static final String DAY_AVAILABLE = "x-keap-product-quota-available";
    public static final String DAY_EXPIRY = "x-keap-product-quota-expiry-time";
    public static final String MINUTE_AVAILABLE = "x-keap-product-throttle-available";
    /** Keap does not say when its minute starts: a minute after an answer, what it counted then is past. */
    static final Duration MINUTE = Duration.ofMinutes(1);
    /** An epoch value above this is in milliseconds, not seconds (it is in the year 2286 as seconds). */
    private static final long MILLIS_FROM = 10_000_000_000L;

    /**
     * The counts in an answer's headers, read with {@code header} (a lookup by lower-case name);
     * empty when the answer carries neither count. A value that is not a whole number is ignored,
     * as if it were absent.
     */
    public static Optional<KeapCounts> read(Function<String, Optional<String>> header, Instant now) {
        OptionalLong day = number(header.apply(DAY_AVAILABLE));
        OptionalLong minute = number(header.apply(MINUTE_AVAILABLE));
        if (day.isEmpty() && minute.isEmpty()) {
            return Optional.empty();
        }
        Instant resets = null;
        if (day.isPresent()) {
            OptionalLong expiry = number(header.apply(DAY_EXPIRY));
            resets = expiry.isPresent() ? epoch(expiry.getAsLong()) : null;
            if (resets == null || !resets.isAfter(now)) {
                resets = nextUtcMidnight(now);
            }
        }
        return Optional.of(new KeapCounts(day, resets, minute, now));
    }

    /** Whether the day's quota, as Keap said it, is spent by {@code since} more calls, at {@code now}. */
    boolean daySpent(long since, Instant now) {
        return dayLeft.isPresent() && since >= dayLeft.getAsLong() && now.isBefore(dayResetsAt);
    }

    /** Whether the minute's calls, as Keap said them, are spent by {@code since} more calls, at {@code now}. */
    boolean minuteSpent(long since, Instant now) {
        return minuteLeft.isPresent() && since >= minuteLeft.getAsLong() && now.isBefore(minuteOver());
    }

    /** When what Keap counted in its minute is past, at the latest. */
    Instant minuteOver() {
        return heardAt.plus(MINUTE);
    }

    static Instant nextUtcMidnight(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant epoch(long value) {
        return value >= MILLIS_FROM ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    private static OptionalLong number(Optional<String> value) {
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = value.get().trim();
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text));
    }
}
