package org.contactlookup.client;

/** Shortens personal data before it reaches a log line. */
public final class LogSafe {
    private LogSafe() {
    }

    /**
     * An email address with its local part cut to the first character, such as
     * {@code j***@example.com}, so that a log shows which domain was asked for but not who.
     */
    public static String email(String address) {
        if (address == null || address.isEmpty()) {
            return "(none)";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + clean(address.substring(at));
    }

    /** Drops control characters so a value cannot forge extra log lines. */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.toString();
    }
}
