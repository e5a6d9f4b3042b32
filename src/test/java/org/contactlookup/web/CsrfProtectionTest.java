package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.valves.RemoteIpValve;
import org.contactlookup.client.config.Secret;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CSRF tokens over real HTTP: signed, dated, shared by the nodes of one deployment, refused when
 * forged or old, with a 403 page that says which.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsrfProtectionTest {
    private static final String SECRET = "a-csrf-secret-of-more-than-32-characters";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JOHN = "&email=john.doe%40example.com&first=John&last=Doe";
    private static final String NOT_CONFIRMED = "<p class=\"problem\" role=\"alert\">This form could not be confirmed as sent from "
            + "this site&#39;s page. Open the form again and resend it.</p>";
    private static final Pattern FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private Sandbox sandbox;
    /** Two nodes of one deployment: the same connection, no CSRF settings. */
    private AppUnderTest nodeA;
    private AppUnderTest nodeB;
    /** A node with a CSRF secret, a 30-minute lifetime, and behind a proxy that says when the visitor used HTTPS. */
    private AppUnderTest withSecret;

    @BeforeAll
    void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(10_000, 1_000_000).start();
        nodeA = AppUnderTest.start(sandbox, "sandbox");
        nodeB = AppUnderTest.start(sandbox, "sandbox");
        withSecret = AppUnderTest.start(sandbox, Map.of(CsrfTokens.SECRET, SECRET, CsrfTokens.LIFETIME_MINUTES, "30"), "sandbox");
        withSecret.tomcat.context().getPipeline().addValve(new RemoteIpValve());
        for (AppUnderTest node : new AppUnderTest[] {nodeA, nodeB, withSecret}) {
            AppUnderTest.awaitHealth(node.tomcat, 200);
        }
    }

    @AfterAll
    void stop() throws Exception {
        nodeA.tomcat.close();
        nodeB.tomcat.close();
        withSecret.tomcat.close();
        sandbox.close();
    }

    @BeforeEach
    void forget() {
        sandbox.clearCalls();
    }

    /** A token {@code withSecret} would have issued at {@code issued}. */
    private static String tokenIssuedAt(String secret, Instant issued) {
        return new SignedTokens(() -> Secret.of(secret).derive(CsrfTokens.KEY_PURPOSE), Duration.ofMinutes(30),
                Clock.fixed(issued, ZoneOffset.UTC)).issue();
    }

    private static HttpResponse<String> post(EmbeddedTomcat node, String cookieToken, String fieldToken) throws Exception {
        return new WebSession(node.base()).post("csrf=" + fieldToken + JOHN, FORM, cookieToken);
    }

    @Test
    void forgedEqualCookieAndFieldGet403() throws Exception {
        String forged = "A".repeat(43);
        HttpResponse<String> page = post(nodeA.tomcat, forged, forged);
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("<title>Form not accepted · Contact lookup</title>"), page.body());
        assertTrue(page.body().contains(NOT_CONFIRMED), page.body());
        assertEquals(0, sandbox.calls().size(), "nothing is looked up");
    }

    @Test
    void postWithoutTheCookieSaysTheCookieIsMissing() throws Exception {
        WebSession visitor = new WebSession(nodeA.tomcat.base());
        visitor.openForm();
        HttpResponse<String> page = post(nodeA.tomcat, null, visitor.token);
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("<p class=\"problem\" role=\"alert\">This form arrived without this site&#39;s security "
                + "cookie, so it cannot be confirmed as sent from this site&#39;s page. Allow cookies for this site, open the form "
                + "again and resend it.</p>"), page.body());
    }

    @Test
    void tokenOlderThanTheLifetimeGets403SayingItExpired() throws Exception {
        String old = tokenIssuedAt(SECRET, Instant.now().minus(Duration.ofMinutes(31)));
        HttpResponse<String> page = post(withSecret.tomcat, old, old);
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("<title>Form expired · Contact lookup</title>"), page.body());
        assertTrue(page.body().contains("<p class=\"problem\" role=\"alert\">This form has expired: its security token was issued "
                + "more than 30 minutes ago. Open the form again and resend it.</p>"), page.body());
        String young = tokenIssuedAt(SECRET, Instant.now().minus(Duration.ofMinutes(29)));
        assertEquals(200, post(withSecret.tomcat, young, young).statusCode());
    }

    @Test
    void oldTokenSignedWithAnotherKeyIsNotCalledExpired() throws Exception {
        String foreign = tokenIssuedAt("another-secret-of-more-than-32-characters", Instant.now().minus(Duration.ofHours(5)));
        HttpResponse<String> page = post(withSecret.tomcat, foreign, foreign);
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains(NOT_CONFIRMED), page.body());
    }

    @Test
    void tokenFromOneNodeIsAcceptedByAnotherOfTheSameDeployment() throws Exception {
        WebSession onA = new WebSession(nodeA.tomcat.base());
        onA.openForm();
        HttpResponse<String> page = post(nodeB.tomcat, onA.cookieToken, onA.token);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<tr><td>3</td><td>John</td><td>Doe</td><td>john.doe@example.com</td><td>matches</td></tr>"));
        assertEquals(403, post(withSecret.tomcat, onA.cookieToken, onA.token).statusCode(), "a node with its own secret refuses it");
    }

    @Test
    void nodesWithoutAConnectionShareTokensOnlyThroughTheSecret() throws Exception {
        Map<String, String> shared = Map.of(CsrfTokens.SECRET, SECRET);
        try (EmbeddedTomcat a = AppUnderTest.startWithout(shared); EmbeddedTomcat b = AppUnderTest.startWithout(shared)) {
            WebSession onA = new WebSession(a.base());
            onA.openForm();
            HttpResponse<String> page = post(b, onA.cookieToken, onA.token);
            assertEquals(503, page.statusCode(), "past the token check, to the missing connection");
            assertTrue(page.body().contains("<title>Lookup not set up · Contact lookup</title>"));
        }
        try (EmbeddedTomcat a = AppUnderTest.startWithout(Map.of()); EmbeddedTomcat b = AppUnderTest.startWithout(Map.of())) {
            WebSession onA = new WebSession(a.base());
            onA.openForm();
            HttpResponse<String> page = post(b, onA.cookieToken, onA.token);
            assertEquals(403, page.statusCode(), "each node signs with its own random key");
            assertTrue(page.body().contains(NOT_CONFIRMED), page.body());
        }
    }

    @Test
    void formNeverHandsOutACookieTokenItDidNotMake() throws Exception {
        String planted = "A".repeat(43);
        HttpResponse<String> page = get(nodeA.tomcat, "contactlookup_csrf=" + planted, false);
        String field = field(page);
        assertNotEquals(planted, field);
        assertEquals(Optional.of(field), cookieToken(page, CsrfTokens.COOKIE));
    }

    @Test
    void formHandsOutItsOwnFreshTokenAgain() throws Exception {
        WebSession visitor = new WebSession(nodeA.tomcat.base());
        visitor.openForm();
        HttpResponse<String> page = get(nodeB.tomcat, "contactlookup_csrf=" + visitor.cookieToken, false);
        assertEquals(visitor.token, field(page), "a second window's form carries the same token, so both can be sent");
        assertEquals(Optional.empty(), page.headers().firstValue("Set-Cookie"));
    }

    @Test
    void overHttpsTheCookieIsHostPrefixedAndSecure() throws Exception {
        HttpResponse<String> page = get(withSecret.tomcat, null, true);
        String token = field(page);
        assertEquals("__Host-contactlookup_csrf=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict",
                page.headers().firstValue("Set-Cookie").orElseThrow());
        assertEquals(200, postOverHttps(withSecret.tomcat, "__Host-contactlookup_csrf=" + token, token).statusCode());
        HttpResponse<String> plainName = postOverHttps(withSecret.tomcat, "contactlookup_csrf=" + token, token);
        assertEquals(403, plainName.statusCode(), "over HTTPS only the __Host- cookie counts");
        assertTrue(plainName.body().contains("without this site&#39;s security cookie"), plainName.body());
    }

    private static HttpResponse<String> get(EmbeddedTomcat node, String cookie, boolean https) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.base()).timeout(Duration.ofSeconds(30)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (https) {
            request.header("X-Forwarded-Proto", "https");
        }
        return WebSession.http().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postOverHttps(EmbeddedTomcat node, String cookie, String fieldToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(node.base()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", FORM).header("Cookie", cookie).header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + fieldToken + JOHN)).build();
        return WebSession.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String field(HttpResponse<String> page) {
        Matcher m = FIELD.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    private static Optional<String> cookieToken(HttpResponse<String> page, String name) {
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst();
    }
}
