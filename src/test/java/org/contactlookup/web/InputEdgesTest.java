package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.contactlookup.sandbox.DemoContacts;
import org.junit.jupiter.api.Test;

/** The Unicode and header edges of the form, through the page over real HTTP. */
class InputEdgesTest extends PageSuite {
    @Override
    String connection() {
        return "sandbox";
    }

    private static String nfd(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD);
    }

    @Test
    void decomposedNameTypedForAComposedContactMatches() throws Exception {
        HttpResponse<String> page = session.lookUp(DemoContacts.NON_ASCII, nfd("Zoë"), nfd("ÅNGSTRÖM"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<tr><td>13</td><td>Zoë</td><td>Ångström</td><td>zoe.angstrom@example.com</td>"
                + "<td>matches</td></tr>"), page.body());
    }

    @Test
    void quotedUtf8CharsetIsAccepted() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", session.token);
        fields.put("email", DemoContacts.JOHN);
        fields.put("first", "John");
        fields.put("last", "Doe");
        HttpResponse<String> page = session.post(WebSession.encode(fields), "application/x-www-form-urlencoded; charset=\"UTF-8\"",
                session.cookieToken);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<td>John</td><td>Doe</td><td>john.doe@example.com</td><td>matches</td>"));
    }

    @Test
    void sixtyLettersOutsideTheBmpAreAcceptedAsAName() throws Exception {
        String sixty = "\uD840\uDC00".repeat(60);
        HttpResponse<String> page = session.lookUp(DemoContacts.NOBODY, sixty, "Lee");
        assertEquals(200, page.statusCode(), page.body());
    }

    @Test
    void oneLetterWithNinetyNineMarksIsRefusedBesideTheField() throws Exception {
        HttpResponse<String> page = session.lookUp(DemoContacts.NOBODY, "a" + "\u0301".repeat(99), "Lee");
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("<p class=\"error\" id=\"first-error\">A first name has at most 3 accent marks on one letter.</p>"),
                page.body());
        assertTrue(app.sandbox.calls().isEmpty(), "nothing is looked up");
    }

    @Test
    void everyKindOfSpaceIsTrimmedFromEveryField() throws Exception {
        HttpResponse<String> page = session.lookUp("\u3000" + DemoContacts.JOHN + "\u00A0", "\u2007John\u202F", "\u00A0Doe\u3000");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<tr><td>3</td><td>John</td><td>Doe</td><td>john.doe@example.com</td><td>matches</td></tr>"),
                page.body());
    }

    @Test
    void aCompressedFormIsRefusedNotReadAsPlain() throws Exception {
        String body = "csrf=" + session.token + "&email=john.doe%40example.com&first=John&last=Doe";
        RawHttp.Answer answer = RawHttp.send(app.tomcat.port(), "POST /contact-lookup/ HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Encoding: gzip\r\n"
                + "Cookie: contactlookup_csrf=" + session.cookieToken + "\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertEquals(415, answer.status(), answer.all());
        assertTrue(answer.body().contains("This page accepts only its own form, sent as UTF-8 form data."), answer.body());
        assertTrue(app.sandbox.calls().isEmpty());
    }
}
