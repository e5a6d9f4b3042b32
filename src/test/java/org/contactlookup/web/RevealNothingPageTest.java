package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The page when it reveals nothing stored ({@code contactlookup.reveal} unset or {@code nothing}):
 * over every contact of the sandbox, typed with its own names and with others, the answer is one
 * of two fixed pages, checked whole; no stored name, id or spelling of an address is in it; and
 * an address nobody has is answered exactly as one whose contact has other names. Runs once per
 * protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RevealNothingPageTest {
    private static final String TOKEN = "name=\"csrf\" value=\"";
    private static final String FORM = "<h2>Look up another</h2>\n"
            + "<form method=\"post\" action=\"/contact-lookup/\" accept-charset=\"UTF-8\">\n"
            + "<input type=\"hidden\" name=\"csrf\" value=\"TOKEN\">\n"
            + "<div class=\"field\">\n<label for=\"email\">Email</label>\n<input id=\"email\" name=\"email\" type=\"email\" "
            + "autocomplete=\"email\" required maxlength=\"254\" value=\"\">\n</div>\n"
            + "<div class=\"field\">\n<label for=\"first\">First name</label>\n<input id=\"first\" name=\"first\" type=\"text\" "
            + "autocomplete=\"given-name\" required maxlength=\"100\" value=\"\">\n</div>\n"
            + "<div class=\"field\">\n<label for=\"last\">Last name</label>\n<input id=\"last\" name=\"last\" type=\"text\" "
            + "autocomplete=\"family-name\" required maxlength=\"100\" value=\"\">\n</div>\n"
            + "<button type=\"submit\">Look up</button>\n</form>\n</main>\n</body>\n</html>\n";
    private static final String HEAD = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>Lookup result · Contact lookup</title>\n"
            + "<link rel=\"stylesheet\" href=\"/contact-lookup/static/style.css\">\n"
            + "</head>\n<body>\n<main>\n<h1>Lookup result</h1>\n"
            + "<p class=\"status status-connected\" id=\"status\">Connected to Infusionsoft.</p>\n";
    private static final String NOTE = "<p class=\"note\">This page says only that; it shows nothing stored about a contact.</p>\n";
    /** The whole answer when the address and the typed name belong to one contact, its token as TOKEN. */
    static final String MATCH_PAGE = HEAD
            + "<p class=\"match\" id=\"result\">A contact with the email address and the name you typed exists.</p>\n" + NOTE + FORM;
    /** The whole answer otherwise: no contact at the address, or none there with that name. */
    static final String NO_MATCH_PAGE = HEAD
            + "<p class=\"none\" id=\"result\">No contact has both the email address and the name you typed.</p>\n" + NOTE + FORM;

    private AppUnderTest app;

    /** The sandbox connection the app uses. */
    abstract String connection();

    /** The value of {@code contactlookup.reveal}; a blank one counts as unset, the app's default. */
    abstract String revealSetting();

    @BeforeAll
    void startApp() throws Exception {
        app = AppUnderTest.start(Sandbox.builder().apiQuota(10_000, 1_000_000).start(), Map.of(Reveal.SETTING, revealSetting()), connection());
        AppUnderTest.awaitHealth(app.tomcat, 200);
    }

    @AfterAll
    void stopApp() throws Exception {
        app.close();
    }

    /** The body with the form's token (the one part that differs between answers) as TOKEN. */
    static String withoutToken(String body) {
        int start = body.indexOf(TOKEN) + TOKEN.length();
        return body.substring(0, start) + "TOKEN" + body.substring(body.indexOf('"', start));
    }

    private HttpResponse<String> lookUp(String email, String first, String last) throws Exception {
        WebSession session = new WebSession(app.tomcat.base());
        session.openForm();
        HttpResponse<String> page = session.lookUp(email, first, last);
        assertEquals(200, page.statusCode(), email + " " + first + " " + last + ": " + page.body());
        return page;
    }

    @Test
    void noAnswerShowsAnythingStoredAboutAnyContact() throws Exception {
        List<Map<String, Object>> contacts = app.sandbox.contacts();
        assertEquals(List.of(3, 5, 7, 9, 11, 13, 15), contacts.stream().map(c -> c.get("Id")).toList(), "every demo contact");
        int typedTheirOwnNames = 0;
        for (Map<String, Object> contact : contacts) {
            String first = (String) contact.get("FirstName");
            String last = (String) contact.get("LastName");
            List<String> stored = new ArrayList<>(List.of(first, last, Pages.forHtml(first), Pages.forHtml(last)));
            for (String field : List.of("Email", "EmailAddress2", "EmailAddress3")) {
                if (contact.get(field) instanceof String address) {
                    stored.add(address);
                    stored.add(Pages.forHtml(address));
                }
            }
            for (String field : List.of("Email", "EmailAddress2", "EmailAddress3")) {
                if (!(contact.get(field) instanceof String address)) {
                    continue;
                }
                List<String> answers = new ArrayList<>();
                // Their own names, as stored and in capitals with the address in capitals: a match,
                // and nothing of how the contact is spelt comes back. The markup contact's names
                // are not names the form accepts, so it is only asked with others.
                if (new ContactForm(address, first, last).errors().isEmpty()) {
                    typedTheirOwnNames++;
                    answers.add(assertPage(MATCH_PAGE, lookUp(address, first, last)));
                    answers.add(assertPage(MATCH_PAGE, lookUp(address.toUpperCase(Locale.ROOT),
                            first.toUpperCase(Locale.ROOT), last.toUpperCase(Locale.ROOT))));
                }
                answers.add(assertPage(NO_MATCH_PAGE, lookUp(address, "Nobody", "Else")));
                answers.add(assertPage(NO_MATCH_PAGE, lookUp(address, first.equals("John") ? "Jane" : "John", "Doe")));
                for (String answer : answers) {
                    for (String value : stored) {
                        assertFalse(answer.contains(value), "contact " + contact.get("Id") + ": the answer holds " + value);
                    }
                }
            }
        }
        assertEquals(7, typedTheirOwnNames, "every address of every contact but the markup one, typed with its names");
    }

    /** The answer without its token, which is random and could hold any short name by chance. */
    private static String assertPage(String expected, HttpResponse<String> page) {
        String answer = withoutToken(page.body());
        assertEquals(expected, answer);
        return answer;
    }

    @Test
    void anAddressNobodyHasIsAnsweredExactlyAsOneWithOtherNames() throws Exception {
        HttpResponse<String> nobody = lookUp(DemoContacts.NOBODY, "John", "Doe");
        HttpResponse<String> otherNames = lookUp(DemoContacts.JOHN, "Jane", "Roe");
        HttpResponse<String> twoOthers = lookUp(DemoContacts.SHARED, "Sam", "Smith");
        for (HttpResponse<String> page : List.of(otherNames, twoOthers)) {
            assertArrayEquals(withoutToken(nobody.body()).getBytes(StandardCharsets.UTF_8),
                    withoutToken(page.body()).getBytes(StandardCharsets.UTF_8));
            assertEquals(headers(nobody.headers()), headers(page.headers()));
        }
        assertEquals(NO_MATCH_PAGE, withoutToken(nobody.body()));
    }

    /** Every header but the two that differ between any two answers: the date and the form's cookie. */
    private static Map<String, List<String>> headers(HttpHeaders headers) {
        Map<String, List<String>> kept = new TreeMap<>(headers.map());
        kept.remove("date");
        kept.remove("set-cookie");
        return kept;
    }
}
