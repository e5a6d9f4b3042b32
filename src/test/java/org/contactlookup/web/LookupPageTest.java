package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.RecordedCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guide's page in embedded Tomcat 11 against the sandbox, over real HTTP. Runs once per
 * protocol: the subclasses name the connection, and nothing else differs.
 */
abstract class LookupPageTest extends PageSuite {
    /** Checks the request the lookup of John Doe sent upstream. */
    abstract void assertJohnWasAskedFor(RecordedCall call);

    @BeforeEach
    void formCarriesOneTokenInFieldAndCookie() {
        assertNotNull(session.token);
        assertEquals(session.token, session.cookieToken);
    }

    private static String row(Object id, String first, String last, String email, String name) {
        return "<tr><td>" + id + "</td><td>" + first + "</td><td>" + last + "</td><td>" + email + "</td><td>" + name + "</td></tr>\n";
    }

    @Test
    void formHasLabelledFieldsWithAutocompleteRequiredAndMaxlength() throws Exception {
        String page = session.openForm().body();
        assertTrue(page.contains("<label for=\"email\">Email</label>\n<input id=\"email\" name=\"email\" type=\"email\" "
                + "autocomplete=\"email\" required maxlength=\"254\" value=\"\">"), page);
        assertTrue(page.contains("<label for=\"first\">First name</label>\n<input id=\"first\" name=\"first\" type=\"text\" "
                + "autocomplete=\"given-name\" required maxlength=\"100\" value=\"\">"), page);
        assertTrue(page.contains("<label for=\"last\">Last name</label>\n<input id=\"last\" name=\"last\" type=\"text\" "
                + "autocomplete=\"family-name\" required maxlength=\"100\" value=\"\">"), page);
        assertTrue(page.contains("<form method=\"post\" action=\"/contact-lookup/\" accept-charset=\"UTF-8\">"));
        assertTrue(page.contains("<p class=\"status status-connected\" id=\"status\">Connected to Infusionsoft.</p>"));
    }

    @Test
    void csrfCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        HttpResponse<String> page = new WebSession(app.tomcat.base()).get(app.tomcat.base());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.matches("contactlookup_csrf=[0-9]{10}\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}; Path=/contact-lookup; HttpOnly; SameSite=Strict"),
                cookie);
    }

    @Test
    void findsTheGuidesContact() throws Exception {
        HttpResponse<String> page = session.lookUp(DemoContacts.JOHN, "John", "Doe");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h2 id=\"result\">Found 1 contact with the email address <strong>john.doe@example.com</strong></h2>"));
        assertTrue(page.body().contains(row(3, "John", "Doe", "john.doe@example.com", "matches")), page.body());
        assertJohnWasAskedFor(app.sandbox.calls().get(0));
    }

    @Test
    void saysFoundNoOne() throws Exception {
        HttpResponse<String> page = session.lookUp(DemoContacts.NOBODY, "No", "Body");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(
                "<p class=\"none\" id=\"result\">Found no one with the email address <strong>nobody@example.com</strong>.</p>"));
        assertFalse(page.body().contains("<table>"));
    }

    @Test
    void listsSeveralAndMarksWhichCarryTheTypedName() throws Exception {
        String page = session.lookUp(DemoContacts.SHARED, "alex", "LEE").body();
        assertTrue(page.contains("Found 2 contacts with the email address"));
        assertTrue(page.contains(row(7, "Sam", "Lee", "family@example.com", "differs")
                + row(9, "Alex", "Lee", "family@example.com", "matches")), page);
    }

    @Test
    void lookupIgnoresCaseAndFindsSecondAddresses() throws Exception {
        assertTrue(session.lookUp("MIXED.case@example.com", "María", "García").body()
                .contains(row(11, "María", "García", "Mixed.Case@Example.COM", "matches")));
        assertTrue(session.lookUp(DemoContacts.JANE_SECOND_ADDRESS, "Jane", "Roe").body()
                .contains(row(5, "Jane", "Roe", "jane.roe@example.com", "matches")));
    }

    @Test
    void utf8NamesTravelBothWays() throws Exception {
        HttpResponse<String> page = session.lookUp(DemoContacts.NON_ASCII, "Zoë", "Ångström");
        assertEquals("text/html;charset=UTF-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains(row(13, "Zoë", "Ångström", "zoe.angstrom@example.com", "matches")), page.body());
    }

    @Test
    void markupFromInfusionsoftIsShownAsText() throws Exception {
        String page = session.lookUp(DemoContacts.MARKUP, "Bob", "Smith").body();
        assertTrue(page.contains(row(15, "&lt;b&gt;Bobby&lt;/b&gt; &amp; &#34;Bob&#34;",
                "O&#39;Brien &lt;script&gt;alert(1)&lt;/script&gt;", "markup@example.com", "differs")), page);
        assertFalse(page.contains("<script>"));
    }

    static Stream<Arguments> invalidForms() {
        return Stream.of(
                Arguments.of("", "John", "Doe", "email", "Enter an email address."),
                Arguments.of("   ", "John", "Doe", "email", "Enter an email address."),
                Arguments.of("john.doe", "John", "Doe", "email", "Enter an email address like name@example.com."),
                Arguments.of("john@localhost", "John", "Doe", "email", "Enter an email address like name@example.com."),
                Arguments.of("john..doe@example.com", "John", "Doe", "email", "Enter an email address like name@example.com."),
                Arguments.of("a".repeat(65) + "@example.com", "John", "Doe", "email", "Enter an email address like name@example.com."),
                Arguments.of("a@" + (("b".repeat(60) + ".").repeat(4)) + "c".repeat(10) + ".com",
                        "John", "Doe", "email", "An email address has at most 254 characters."),
                Arguments.of(DemoContacts.JOHN, "", "Doe", "first", "Enter a first name."),
                Arguments.of(DemoContacts.JOHN, "John", "", "last", "Enter a last name."),
                Arguments.of(DemoContacts.JOHN, "J".repeat(101), "Doe", "first", "A first name has at most 100 characters."),
                Arguments.of(DemoContacts.JOHN, "John3", "Doe", "first",
                        "A first name starts with a letter and holds only letters, spaces, apostrophes, hyphens and periods."),
                Arguments.of(DemoContacts.JOHN, "John", "Doe\u0007", "last",
                        "A last name starts with a letter and holds only letters, spaces, apostrophes, hyphens and periods."),
                Arguments.of(DemoContacts.JOHN, "-John", "Doe", "first",
                        "A first name starts with a letter and holds only letters, spaces, apostrophes, hyphens and periods."));
    }

    @ParameterizedTest
    @MethodSource("invalidForms")
    void invalidFieldsGet400WithTheErrorBesideTheField(String email, String first, String last, String field, String message)
            throws Exception {
        HttpResponse<String> page = session.lookUp(email, first, last);
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("aria-invalid=\"true\" aria-describedby=\"" + field + "-error\">\n<p class=\"error\" id=\""
                + field + "-error\">" + message + "</p>"), page.body());
        assertTrue(page.body().contains("<p class=\"error-summary\" role=\"alert\">Please correct the field marked below.</p>"));
        assertTrue(app.sandbox.calls().isEmpty(), "nothing is looked up");
    }

    @Test
    void acceptedNamesIncludeApostrophesHyphensPeriodsAndOtherScripts() throws Exception {
        for (String[] name : new String[][] {{"Mary-Jane", "O'Neil"}, {"J.", "D’Arcy"}, {"小龍", "李"}, {"Renée", "van der Berg"}}) {
            assertEquals(200, session.lookUp(DemoContacts.NOBODY, name[0], name[1]).statusCode(), String.join(" ", name));
        }
    }

    @Test
    void inputIsTrimmedAndFilledBackEncoded() throws Exception {
        String payload = "\"><script>alert('x')</script>";
        String page = session.lookUp("  " + payload + "@example.com ", payload, "<img src=x onerror=alert(1)>").body();
        assertTrue(page.contains("value=\"&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;@example.com\""), page);
        assertTrue(page.contains("value=\"&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\""), page);
        assertTrue(page.contains("value=\"&lt;img src=x onerror=alert(1)&gt;\""), page);
        assertFalse(page.contains("<script>") || page.contains("<img"));
    }

    @Test
    void invisibleAndReorderingCharactersAreFilledBackAsReplacementCharacters() throws Exception {
        HttpResponse<String> page = session.lookUp("a\u202Eb@example.com", "Jo\r\nh\u200Bn", "D\u0085o\u2028e\u2066");
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("value=\"a\uFFFDb@example.com\""), page.body());
        assertTrue(page.body().contains("value=\"Jo\uFFFD\uFFFDh\uFFFDn\""), page.body());
        assertTrue(page.body().contains("value=\"D\uFFFDo e\uFFFD\""), page.body());
        assertFalse(page.body().codePoints().anyMatch(c -> c == 0x202E || c == 0x200B || c == 0x85 || c == 0x2028 || c == 0x2066 || c == '\r'));
        assertTrue(app.sandbox.calls().isEmpty());
    }

    @Test
    void postWithoutTokenIsRefused() throws Exception {
        HttpResponse<String> page = session.post("email=john.doe%40example.com&first=John&last=Doe",
                "application/x-www-form-urlencoded", session.cookieToken);
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("<title>Form not accepted · Contact lookup</title>"));
        assertTrue(app.sandbox.calls().isEmpty());
    }

    @Test
    void forgedOrCookielessTokenIsRefused() throws Exception {
        String forged = "A".repeat(43);
        String body = "csrf=" + session.token + "&email=john.doe%40example.com&first=John&last=Doe";
        assertEquals(403, session.post(body, "application/x-www-form-urlencoded", forged).statusCode());
        assertEquals(403, session.post(body, "application/x-www-form-urlencoded", null).statusCode());
        assertEquals(403, session.post("csrf=" + forged + "&email=x", "application/x-www-form-urlencoded", session.cookieToken).statusCode());
        assertTrue(app.sandbox.calls().isEmpty());
    }

    @Test
    void tokenFromAnotherVisitorWorksOnlyWithItsOwnCookie() throws Exception {
        WebSession other = new WebSession(app.tomcat.base());
        other.openForm();
        String body = "csrf=" + other.token + "&email=john.doe%40example.com&first=John&last=Doe";
        assertEquals(403, session.post(body, "application/x-www-form-urlencoded", session.cookieToken).statusCode());
    }

    @Test
    void oversizedBodyGets413WithOrWithoutLength() throws Exception {
        String big = "csrf=" + session.token + "&email=" + "a".repeat(9000);
        HttpResponse<String> sized = session.post(big, "application/x-www-form-urlencoded", session.cookieToken);
        assertEquals(413, sized.statusCode());
        assertTrue(sized.body().contains("The form sent was larger than 8 KiB, far more than its fields need."));
        HttpRequest chunked = HttpRequest.newBuilder(app.tomcat.base())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "contactlookup_csrf=" + session.cookieToken)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build();
        HttpResponse<String> unsized = WebSession.http().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, unsized.statusCode());
        assertTrue(app.sandbox.calls().isEmpty());
    }

    @Test
    void otherContentTypesGet415() throws Exception {
        assertEquals(415, session.post("{\"email\":\"x\"}", "application/json", session.cookieToken).statusCode());
        assertEquals(415, session.post("email=x", "application/x-www-form-urlencoded; charset=ISO-8859-1", session.cookieToken).statusCode());
    }

    @Test
    void badEncodingGets400() throws Exception {
        HttpResponse<String> page = session.post("csrf=" + session.token + "&email=%FF%FE", "application/x-www-form-urlencoded",
                session.cookieToken);
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("The form could not be read: the body is not UTF-8."));
    }

    @Test
    void queryStringIsNeverLookedUp() throws Exception {
        HttpResponse<String> page = session.get(URI.create(app.tomcat.base() + "?email=john.doe%40example.com&first=John&last=Doe"));
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("john.doe@example.com"));
        assertTrue(app.sandbox.calls().isEmpty());
    }

    @Test
    void everyResponseCarriesSecurityHeaders() throws Exception {
        List<HttpResponse<String>> responses = List.of(
                session.get(app.tomcat.base()),
                session.lookUp(DemoContacts.JOHN, "John", "Doe"),
                session.lookUp("bad", "John", "Doe"),
                session.post("email=x", "application/x-www-form-urlencoded", null),
                session.get(app.tomcat.base().resolve("health")),
                session.get(app.tomcat.base().resolve("static/style.css")));
        for (HttpResponse<String> r : responses) {
            assertEquals(SecurityHeadersFilter.CONTENT_SECURITY_POLICY, r.headers().firstValue("Content-Security-Policy").orElse(null), r.uri().toString());
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null));
            assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
        }
        for (HttpResponse<String> r : responses.subList(0, 5)) {
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), r.uri().toString());
        }
        assertEquals(200, responses.get(5).statusCode());
        assertTrue(responses.get(5).headers().firstValue("Cache-Control").isEmpty());
    }

    @Test
    void healthIsUpOnceConnected() throws Exception {
        HttpResponse<String> health = session.get(app.tomcat.base().resolve("health"));
        assertEquals(200, health.statusCode());
        String protocol = connection().equals("sandbox-rest") ? "rest" : "xmlrpc";
        assertTrue(health.body().matches("\\{\"status\":\"UP\",\"connection\":\"connected\",\"protocol\":\"" + protocol
                + "\",\"budget\":\\{\"keptIn\":\"memory\",\"quota\":\"100000/s\",\"left\":\\d{5,6},"
                + "\"nextAt\":\"20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\","
                // what the sandbox, like Keap, said on its last answer: this suite's sandbox keeps no day quota
                + "\"keap\":\\{\"minuteLeft\":\\d{6},\"heardAt\":\"20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"}}}\n"), health.body());
        assertEquals("application/json;charset=UTF-8", health.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void unknownPathsAndMethodsGetTheAppsOwnErrorPage() throws Exception {
        HttpResponse<String> missing = session.get(app.tomcat.base().resolve("no/such/page"));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("<p class=\"problem\" role=\"alert\">There is no page at this address.</p>"), missing.body());
        HttpResponse<String> put = WebSession.http().send(HttpRequest.newBuilder(app.tomcat.base())
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertTrue(put.body().contains("This page does not accept that kind of request."));
        for (HttpResponse<String> r : List.of(missing, put)) {
            assertFalse(r.body().contains("Tomcat"), r.body());
            assertEquals(SecurityHeadersFilter.CONTENT_SECURITY_POLICY, r.headers().firstValue("Content-Security-Policy").orElse(null));
        }
    }
}
