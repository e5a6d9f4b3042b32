package org.contactlookup.client.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rate limit, in one of two shapes:
 * <ul>
 *   <li>a <b>quota</b>, {@code 240/min}: at most {@code calls} in any window of {@code period},
 *       however the windows are placed (how Keap counts key and token calls);</li>
 *   <li>a <b>credit pool</b>, {@code 10000+2/s}: {@code pool} calls at once, then {@code calls}
 *       more per {@code period} (how the legacy API counted).</li>
 * </ul>
 * Units: {@code ms}, {@code s}, {@code min}, {@code h}, {@code day}, with an optional count,
 * such as {@code 2/500ms}.
 *
 * @param pool 0 for a quota; the pool's size for a credit pool
 */
public record RateLimit(long calls, Duration period, long pool) {
    /** The largest quota kept: its ring of permit times then holds 8 MB. */
    public static final long MAX_QUOTA = 1_000_000;
    private static final Pattern TEXT = Pattern.compile("(?:(\\d{1,9})\\+)?(\\d{1,9})/(\\d{0,9})(ms|s|min|h|day)");

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (calls <= 0 || period.isNegative() || period.isZero() || pool < 0) {
            throw new IllegalArgumentException("a rate limit needs a positive number of calls and period");
        }
        // A quota remembers the time of each of its last `calls` permits.
        if (pool == 0 && calls > MAX_QUOTA) {
            throw new IllegalArgumentException("a quota may count at most " + MAX_QUOTA + " calls, not " + calls);
        }
    }

    /** A quota: at most {@code calls} in any window of {@code period}. */
    public static RateLimit quota(long calls, Duration period) {
        return new RateLimit(calls, period, 0);
    }

    public boolean isPool() {
        return pool > 0;
    }

    /** Parses {@code 10/s}, {@code 240/min}, {@code 2/500ms} or, for a credit pool, {@code 10000+2/s}. */
    public static RateLimit parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("rate limit '" + text.strip()
                    + "' must look like 10/s, 240/min, 30000/day, 2/500ms or, for a credit pool, 10000+2/s");
        }
        long amount = m.group(3).isEmpty() ? 1 : Long.parseLong(m.group(3));
        Duration unit = switch (m.group(4)) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "min" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        long pool = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        return new RateLimit(Long.parseLong(m.group(2)), unit.multipliedBy(amount), pool);
    }

    @Override
    public String toString() {
        String per;
        if (period.equals(Duration.ofDays(1))) {
            per = "day";
        } else if (period.equals(Duration.ofHours(1))) {
            per = "h";
        } else if (period.equals(Duration.ofMinutes(1))) {
            per = "min";
        } else if (period.toMillis() % 1000 == 0) {
            per = (period.toSeconds() == 1 ? "" : period.toSeconds()) + "s";
        } else {
            per = period.toMillis() + "ms";
        }
        return (isPool() ? pool + "+" : "") + calls + "/" + per;
    }
}
