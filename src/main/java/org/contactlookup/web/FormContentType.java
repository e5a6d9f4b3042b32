package org.contactlookup.web;

import java.util.Locale;

/**
 * Reads a request's {@code Content-Type} as RFC 9110 writes it: {@code type/subtype} and
 * parameters {@code ; name=value}, the value a token or a quoted string ({@code "UTF-8"}, with
 * backslash escapes), names and the charset compared ignoring case, spaces allowed around the
 * semicolons.
 */
final class FormContentType {
    private static final String FORM = "application/x-www-form-urlencoded";
    /** RFC 9110 token characters besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private FormContentType() {
    }

    /**
     * True for a body this page reads: a UTF-8 URL-encoded form ({@link #isUtf8Form}) sent as it
     * is, with no {@code Content-Encoding} but {@code identity} (a compressed body would otherwise
     * be read as if it were plain).
     */
    static boolean accepts(String contentType, String contentEncoding) {
        return isUtf8Form(contentType) && (contentEncoding == null || contentEncoding.strip().equalsIgnoreCase("identity"));
    }

    /** True for a URL-encoded form with no charset or the charset UTF-8; false for anything else or a malformed header. */
    static boolean isUtf8Form(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).strip();
        if (!type.equalsIgnoreCase(FORM)) {
            return false;
        }
        int i = end < 0 ? contentType.length() : end;
        while (i < contentType.length()) {
            i = skipSpaces(contentType, i + 1); // past the ';'
            if (i == contentType.length() || contentType.charAt(i) == ';') {
                continue; // an empty parameter
            }
            int nameEnd = token(contentType, i);
            if (nameEnd == i || nameEnd == contentType.length() || contentType.charAt(nameEnd) != '=') {
                return false;
            }
            String name = contentType.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            i = value(contentType, nameEnd + 1, value);
            if (i < 0) {
                return false;
            }
            if (name.equals("charset") && !value.toString().equalsIgnoreCase("utf-8")) {
                return false;
            }
            i = skipSpaces(contentType, i);
            if (i < contentType.length() && contentType.charAt(i) != ';') {
                return false;
            }
        }
        return true;
    }

    /** Reads a token or quoted string starting at {@code start} into {@code value}; the index after it, or -1 when malformed. */
    private static int value(String s, int start, StringBuilder value) {
        if (start < s.length() && s.charAt(start) == '"') {
            for (int i = start + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\') {
                    if (++i == s.length()) {
                        return -1;
                    }
                    c = s.charAt(i);
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return -1;
                }
                value.append(c);
            }
            return -1; // no closing quote
        }
        int end = token(s, start);
        if (end == start) {
            return -1;
        }
        value.append(s, start, end);
        return end;
    }

    private static int token(String s, int start) {
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c < 0x80 && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0))) {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipSpaces(String s, int start) {
        int i = start;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
