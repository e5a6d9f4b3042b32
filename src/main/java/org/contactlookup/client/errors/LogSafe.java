package org.contactlookup.client.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shortens personal data before it reaches a log line. */
public final class LogSafe {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>\"'(),;:\\[\\]]+@[A-Za-z0-9.-]+");

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

    /**
     * {@code text} with every email address in it shortened as {@link #email(String)} does: for
     * text that came from a server and is headed for a log, such as a fault string.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(email(m.group())));
        }
        return m.appendTail(out).toString();
    }

    /** {@code text} without control characters, so that a value from outside cannot forge extra log lines. */
    public static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.toString();
    }
}
