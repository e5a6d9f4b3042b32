package org.contactlookup.testing;

import java.time.Duration;
import java.util.List;

/** Checks arrival times, as a server recorded them, against a token-bucket budget. */
public final class Budget {
    private Budget() {
    }

    /**
     * The largest excess, in calls, of any run of consecutive arrivals over what a bucket of
     * {@code capacity} refilled at {@code capacity} per {@code period} allows in the time the run
     * spans, widened by {@code slack} for the time between taking a permit and arriving. Zero or
     * less means the budget was kept.
     */
    public static double worstExcess(List<Long> arrivalNanos, long capacity, Duration period, Duration slack) {
        List<Long> times = arrivalNanos.stream().sorted().toList();
        double perNano = (double) capacity / period.toNanos();
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < times.size(); i++) {
            for (int j = i; j < times.size(); j++) {
                double allowed = capacity + perNano * (times.get(j) - times.get(i) + slack.toNanos());
                worst = Math.max(worst, (j - i + 1) - allowed);
            }
        }
        return times.isEmpty() ? 0 : worst;
    }

    /** The most arrivals in any window of length {@code window}. */
    public static int busiestWindow(List<Long> arrivalNanos, Duration window) {
        List<Long> times = arrivalNanos.stream().sorted().toList();
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= window.toNanos()) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }
}
