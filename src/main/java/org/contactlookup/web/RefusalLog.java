package org.contactlookup.web;

import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;
import org.contactlookup.client.errors.ThrottledException;

/**
 * Sums up lookups this app refused by its own limits (the budget, the cap on lookups in flight)
 * instead of writing a line for each: under overload that is thousands a second, and a log that
 * grows by megabytes a minute hides everything else. The first refusal is logged at once; after
 * it, at most one line per outcome every {@value #EVERY_SECONDS} s, with the count since the
 * last line. Refusals by Infusionsoft itself keep their own line each. Thread-safe.
 */
final class RefusalLog {
    static final long EVERY_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());

    private final String connection;
    private final Map<ThrottledException.Source, SummedLine> lines = new EnumMap<>(ThrottledException.Source.class);

    RefusalLog(String connection) {
        this.connection = connection;
    }

    void refused(ThrottledException e) {
        SummedLine line;
        synchronized (lines) {
            line = lines.computeIfAbsent(e.source(), s -> new SummedLine(EVERY_SECONDS));
        }
        line.happened().ifPresent(count -> LOG.warning(() -> "connection '" + connection + "': " + count
                + (count == 1 ? " lookup" : " lookups") + " refused by this app's own limits since the last such line; the latest: "
                + e.getMessage()));
    }
}
