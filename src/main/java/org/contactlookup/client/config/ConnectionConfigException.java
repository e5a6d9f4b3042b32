package org.contactlookup.client.config;

import java.nio.file.Path;

/**
 * A connection file that cannot be used: its message names the file, the line when there is
 * one, and the problem, and never quotes a key.
 */
public final class ConnectionConfigException extends RuntimeException {
    private final int line;

    ConnectionConfigException(Path file, int line, String problem) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
