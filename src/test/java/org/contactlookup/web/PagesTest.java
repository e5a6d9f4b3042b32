package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a page shows of values that would hide or reorder text, wherever they came from. */
class PagesTest {
    private static final ConnectionStatus CONNECTED = new ConnectionStatus(ConnectionStatus.State.CONNECTED, "");

    @Test
    void controlBidiAndInvisibleCharactersShowAsReplacementCharacters() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg", Pages.visible("a\u202Eb\u2028c\u200Bd\u0085e\rf\uFEFFg"));
    }

    @Test
    void lettersMarksJoinersAndSpacesStayAsTheyAre() {
        String names = "Zoë Ångström 小龍 \u0915\u094D\u200D\u0937 \u0645\u200C\u06CC O'Brien-Lee";
        assertEquals(names, Pages.visible(names));
    }

    @Test
    void aContactNameFromInfusionsoftCannotReverseHowTheTableReads() {
        String page = Pages.results("/app", CONNECTED, "token", new ContactForm("x@example.com", "Eve", "Doe"),
                List.of(Map.of("Id", 9, "FirstName", "Eve\u202E", "LastName", "\u2066Doe", "Email", "x@example.com")));
        assertTrue(page.contains("<td>9</td><td>Eve\uFFFD</td><td>\uFFFDDoe</td><td>x@example.com</td>"), page);
        assertTrue(page.codePoints().noneMatch(c -> c == 0x202E || c == 0x2066), "no bidi control reaches the page");
    }
}
