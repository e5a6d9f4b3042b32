package org.contactlookup.sandbox;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * XML-RPC's {@code dateTime.iso8601}: a wall-clock time with no zone. Infusionsoft means Eastern
 * time by it; the sandbox keeps such values as {@link LocalDateTime} so that what a client sends
 * comes back in exactly the same text.
 */
final class XmlRpcDates {
    /** What Infusionsoft and the Apache client write: {@code 20240115T09:30:00}. */
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");

    private XmlRpcDates() {
    }

    static String format(LocalDateTime time) {
        return BASIC.format(time);
    }

    /**
     * Reads the basic form Infusionsoft uses and the extended form ({@code 2024-01-15T09:30:00})
     * some clients send.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    static LocalDateTime parse(String text) {
        try {
            return text.indexOf('-') > 0 ? LocalDateTime.parse(text) : LocalDateTime.parse(text, BASIC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a dateTime.iso8601 value: '" + text + "'", e);
        }
    }
}
