package org.contactlookup.testing;

import java.time.Duration;
import java.util.List;

/** Reads arrival times, as a server recorded them, against a quota. */
public final class Budget {
    private Budget() {
    }

    /**
     * The most arrivals in any window of length {@code window}. To check a quota of N per T from
     * a server's record, ask for windows of T less the most time a call can spend between taking
     * its permit and being stamped on arrival: the answer must not pass N.
     */
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
