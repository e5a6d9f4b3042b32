package org.contactlookup.web;

import java.util.OptionalLong;

/**
 * One kind of event that would flood the log if each had its line: the first is said at once,
 * then at most one line every {@code everySeconds}, carrying the count since the last line.
 * Thread-safe.
 */
final class SummedLine {
    private final long everyNanos;
    private boolean said;
    private long count;
    private long nextLineAt;

    SummedLine(long everySeconds) {
        this.everyNanos = everySeconds * 1_000_000_000L;
    }

    /** Counts one event; the count to write a line with now, or empty when this one is only counted. */
    synchronized OptionalLong happened() {
        long now = System.nanoTime();
        count++;
        if (said && now - nextLineAt < 0) {
            return OptionalLong.empty();
        }
        said = true;
        long since = count;
        count = 0;
        nextLineAt = now + everyNanos;
        return OptionalLong.of(since);
    }
}
