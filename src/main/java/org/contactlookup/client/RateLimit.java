package org.contactlookup.client;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rate limit: at most {@code calls} per {@code period}, enforced as a token bucket holding
 * {@code calls} permits that refill evenly over the period. Written and read as
 * {@code 10/s}, {@code 240/min}, {@code 30000/day} or {@code 2/500ms}.
 */
public record RateLimit(long calls, Duration period) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})/(\\d{0,9})(ms|s|min|h|day)");

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (calls <= 0 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive number of calls and period");
        }
    }

    /** Parses {@code N/unit} or {@code N/Munit}, such as {@code 240/min} or {@code 2/500ms}. */
    public static RateLimit parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("rate limit '" + text + "' must look like 10/s, 240/min, 30000/day or 2/500ms");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "min" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return new RateLimit(Long.parseLong(m.group(1)), unit.multipliedBy(amount));
    }

    @Override
    public String toString() {
        if (period.equals(Duration.ofDays(1))) {
            return calls + "/day";
        }
        if (period.equals(Duration.ofMinutes(1))) {
            return calls + "/min";
        }
        if (period.toMillis() % 1000 == 0) {
            long seconds = period.toSeconds();
            return calls + "/" + (seconds == 1 ? "" : seconds) + "s";
        }
        return calls + "/" + period.toMillis() + "ms";
    }
}
