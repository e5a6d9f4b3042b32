package org.contactlookup.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.contactlookup.client.config.EmailCheck;

/**
 * The guide's three posted fields, trimmed of spaces of every kind ({@link Names#trim}), with the
 * sanity checks the guide leaves to the reader.
 *
 * <p>Email: at most 254 characters; a local part of 1 to 64 of the characters RFC 5322 allows
 * unquoted ({@code A-Z a-z 0-9 . ! # $ % & ' * + / = ? ^ _ ` { | } ~ -}), with no leading,
 * trailing or doubled dot; an {@code @}; a domain of two or more labels of letters, digits and
 * hyphens (no hyphen at either end of a label) ending in a label of two or more letters. Quoted
 * local parts, IP-address domains and non-ASCII addresses are refused.
 *
 * <p>Names: kept composed (NFC), with any kind of space inside them as a plain space; required,
 * at most {@value #MAX_NAME_LENGTH} characters counted as code points (a letter outside the BMP is
 * one), starting with a letter of any script and made of letters, combining marks (at most
 * {@value Names#MAX_MARKS_PER_LETTER} on one letter), spaces, apostrophes ({@code '} or {@code ’}),
 * hyphens and periods.
 */
record ContactForm(String email, String first, String last) {
    static final int MAX_NAME_LENGTH = 100;
    private static final Pattern EMAIL = Pattern.compile(
            "(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern NAME = Pattern.compile("\\p{L}[\\p{L}\\p{M} '’.-]*");

    static ContactForm of(Map<String, String> fields) {
        return new ContactForm(Names.trim(fields.get("email")), Names.clean(fields.get("first")), Names.clean(fields.get("last")));
    }

    /** Field name to message, in form order; empty when everything is fine. */
    Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (email.isEmpty()) {
            errors.put("email", "Enter an email address.");
        } else if (email.length() > EmailCheck.MAX_LENGTH) {
            errors.put("email", "An email address has at most " + EmailCheck.MAX_LENGTH + " characters.");
        } else if (!EMAIL.matcher(email).matches()) {
            errors.put("email", "Enter an email address like name@example.com.");
        }
        checkName(errors, "first", "first name", first);
        checkName(errors, "last", "last name", last);
        return errors;
    }

    private static void checkName(Map<String, String> errors, String field, String label, String value) {
        if (value.isEmpty()) {
            errors.put(field, "Enter a " + label + ".");
        } else if (Names.length(value) > MAX_NAME_LENGTH) {
            errors.put(field, "A " + label + " has at most " + MAX_NAME_LENGTH + " characters.");
        } else if (!NAME.matcher(value).matches()) {
            errors.put(field, "A " + label + " starts with a letter and holds only letters, spaces, apostrophes, hyphens and periods.");
        } else if (Names.mostMarksOnOneLetter(value) > Names.MAX_MARKS_PER_LETTER) {
            errors.put(field, "A " + label + " has at most " + Names.MAX_MARKS_PER_LETTER + " accent marks on one letter.");
        }
    }
}
