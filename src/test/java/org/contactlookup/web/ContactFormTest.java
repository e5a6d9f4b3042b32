package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The form's Unicode edges, without a server. */
class ContactFormTest {
    private static Map<String, String> errors(String email, String first, String last) {
        return ContactForm.of(Map.of("email", email, "first", first, "last", last)).errors();
    }

    @Test
    void sixtyLettersOutsideTheBmpAreAName() {
        assertEquals(Map.of(), errors("a@example.com", "\uD840\uDC00".repeat(60), "Lee"));
    }

    @Test
    void aHundredAndOneLettersOutsideTheBmpAreTooLong() {
        assertEquals(Map.of("first", "A first name has at most 100 characters."),
                errors("a@example.com", "\uD840\uDC00".repeat(101), "Lee"));
    }

    @Test
    void aLetterWithThreeMarksIsANameWithFourItIsNot() {
        // x has no precomposed accented forms, so composition (NFC) leaves every mark in place.
        assertEquals(Map.of(), errors("a@example.com", "Ann", "Lex\u0301\u0302\u0303e"));
        assertEquals(Map.of("last", "A last name has at most 3 accent marks on one letter."),
                errors("a@example.com", "Ann", "Lex\u0301\u0302\u0303\u0304e"));
    }

    @Test
    void oneLetterWithNinetyNineMarksIsRefused() {
        assertEquals(Map.of("first", "A first name has at most 3 accent marks on one letter."),
                errors("a@example.com", "a" + "\u0301".repeat(99), "Lee"));
    }

    @Test
    void everyFieldIsTrimmedOfEveryKindOfSpace() {
        ContactForm form = ContactForm.of(Map.of("email", "\u3000john.doe@example.com\u00A0",
                "first", "\u2007John\u202F", "last", "\u00A0Doe\u3000"));
        assertEquals(new ContactForm("john.doe@example.com", "John", "Doe"), form);
        assertEquals(Map.of(), form.errors());
    }

    @Test
    void namesAreKeptComposed() {
        ContactForm form = ContactForm.of(Map.of("email", "a@example.com", "first", "Zoe\u0308", "last", "A\u030Angstro\u0308m"));
        assertEquals("Zoë", form.first());
        assertEquals("Ångström", form.last());
    }
}
