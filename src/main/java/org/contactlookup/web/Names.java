package org.contactlookup.web;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The Unicode edges of what people type: spaces of every kind, accents written as one character
 * or as a letter plus combining marks, and case that does not map one to one ({@code ß}, {@code ς}).
 */
final class Names {
    /** Enough for any script's names (Vietnamese needs two after composition); far fewer than "Zalgo" text stacks. */
    static final int MAX_MARKS_PER_LETTER = 3;

    private Names() {
    }

    /**
     * {@code value} without spaces of any kind at either end: whatever {@link Character#isWhitespace}
     * or {@link Character#isSpaceChar} calls a space, so also the no-break spaces U+00A0, U+2007 and
     * U+202F, which {@link String#strip()} keeps, and the ideographic space U+3000.
     */
    static String trim(String value) {
        if (value == null) {
            return "";
        }
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    /** A typed name as the form keeps it: trimmed, composed (NFC), each space of any kind inside it a plain space. */
    static String clean(String value) {
        String trimmed = Normalizer.normalize(trim(value), Normalizer.Form.NFC);
        StringBuilder name = new StringBuilder(trimmed.length());
        trimmed.codePoints().forEach(c -> name.appendCodePoint(Character.isSpaceChar(c) ? ' ' : c));
        return name.toString();
    }

    /** The length a person would count: code points, so a letter outside the BMP counts once. */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** The longest run of combining marks (Unicode category M) in {@code value}. */
    static int mostMarksOnOneLetter(String value) {
        int most = 0;
        int run = 0;
        for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
            int type = Character.getType(value.codePointAt(i));
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            run = mark ? run + 1 : 0;
            most = Math.max(most, run);
        }
        return most;
    }

    /**
     * True when a typed name and a stored one are the same name: compared after trimming, with runs
     * of spaces as one, composed (NFC) and case-folded, so a decomposed "Zoë" typed on one system
     * matches the composed "Zoë" stored by another, and "STRASSE" matches "Straße".
     */
    static boolean sameName(String typed, Object stored) {
        return stored != null && comparable(typed).equals(comparable(stored.toString()));
    }

    private static String comparable(String name) {
        StringBuilder spaced = new StringBuilder(name.length());
        trim(name).codePoints().forEach(c -> {
            if (!isSpace(c)) {
                spaced.appendCodePoint(c);
            } else if (spaced.charAt(spaced.length() - 1) != ' ') {
                spaced.append(' '); // trimmed, so never at the start
            }
        });
        String composed = Normalizer.normalize(spaced, Normalizer.Form.NFC);
        // Upper then lower case is Java's nearest to Unicode full case folding (ß -> SS -> ss, ς -> Σ -> σ).
        String folded = composed.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFC);
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
