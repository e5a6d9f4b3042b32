package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.contactlookup.sandbox.DemoContacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenChunkedBodies")
    void aBrokenChunkedBodyIsAnsweredWith400(String what, String headersAndBody) throws Exception {
        RawHttp.Answer answer = RawHttp.send(app.tomcat.port(), "POST /contact-lookup/ HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n" + headersAndBody);
        assertEquals(400, answer.status(), answer.all());
        assertEquals(Optional.of("close"), answer.header("Connection"));
        assertTrue(answer.body().contains("<p class=\"problem\" role=\"alert\">The form could not be read: its body was not sent "
                + "in a form HTTP allows.</p>"), answer.body());
        assertTrue(app.sandbox.calls().isEmpty());
    }

    static Stream<Arguments> brokenChunkedBodies() {
        return Stream.of(
                Arguments.of("chunk size not hex", "\r\nzz\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("chunk size overflowing", "\r\n" + "f".repeat(40) + "\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("chunk extension of 20 KB", "\r\n3;" + "x".repeat(20_000) + "\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("trailer of 20 KB", "\r\n3\r\nabc\r\n0\r\nX-Pad: " + "x".repeat(20_000) + "\r\n\r\n"),
                Arguments.of("Content-Length beside chunked", "Content-Length: 11\r\n\r\nemail=a%40b"));
    }
}
