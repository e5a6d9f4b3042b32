package org.contactlookup.client.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shortens personal data, and makes text from outside harmless, before it reaches a log line. */
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
        return clean(new String(Character.toChars(address.codePointAt(0)))) + "***" + clean(address.substring(at));
    }

    /**
     * {@code text} with every email address in it shortened as {@link #email(String)} does: for
     * text that came from a server and is headed for a log, such as a fault string. The rest is
     * made harmless as {@link #clean(String)} does.
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
        return clean(m.appendTail(out).toString());
    }

    /**
     * {@code text} with every character that could forge or disguise a log line written as a
     * backslash, {@code u} and four hex digits, as in Java source: the C0 and C1 controls and DEL (new lines, terminal escapes, NEL), the line
     * and paragraph separators U+2028 and U+2029 (new lines to many log viewers), and the bidi
     * controls U+061C, U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069 (they reorder what a
     * reader sees, so that a line seems to say something else). Escaped rather than dropped, so
     * that a reader sees something was there.
     */
    public static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (unsafe(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean unsafe(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
