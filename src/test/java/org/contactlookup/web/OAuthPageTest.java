package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.oauth.FileTokenStore;
import org.contactlookup.client.oauth.Tokens;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.IssuedTokens;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * The page and {@code /health} with an OAuth2 connection that refreshes its own tokens: the
 * operator authorizes while the app runs, lookups go on across expiries, and a refused refresh
 * token reads in {@code /health} as the documented message. No token reaches a page or a log.
 */
class OAuthPageTest {
    private static final Duration LIFETIME = Duration.ofSeconds(2);

    private static Sandbox sandbox() throws Exception {
        return Sandbox.builder().apiQuota(10_000, 1_000_000).tokenLifetimes(LIFETIME, Duration.ofDays(45)).start();
    }

    private static Path tokenFile(AppUnderTest app) {
        return Path.of(app.tomcat.context().getServletContext().getInitParameter(ContactLookupListener.CONNECTION_FILE))
                .resolveSibling("sandbox-oauth2-tokens.json");
    }

    private static String health(AppUnderTest app) throws Exception {
        return new WebSession(app.tomcat.base()).get(app.tomcat.base().resolve("health")).body();
    }

    @Test
    void anAppAuthorizedWhileRunningKeepsLookingUpAcrossExpiries() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup");
             AppUnderTest app = AppUnderTest.start(sandbox(), "sandbox-oauth2")) {
            AppUnderTest.awaitHealth(app.tomcat, 503);
            AppUnderTest.awaitHealthSaying(app.tomcat, "\"connection\":\"connection failed: no OAuth2 tokens yet: run the authorize command "
                    + "(README, OAuth2)\"");
            IssuedTokens issued = app.sandbox.issueTokens();
            Instant now = Instant.now();
            new FileTokenStore(tokenFile(app)).save(new Tokens(Secret.of(issued.accessToken()), Secret.of(issued.refreshToken()),
                    now.plus(issued.expiresIn()), now));
            AppUnderTest.awaitHealth(app.tomcat, 200);
            assertTrue(health(app).endsWith(",\"refresh\":\"ok\"}}\n"), "the earlier problem is over: " + health(app));
            WebSession visitor = new WebSession(app.tomcat.base());
            visitor.openForm();
            long end = System.nanoTime() + LIFETIME.multipliedBy(3).toNanos();
            int lookups = 0;
            while (System.nanoTime() < end) {
                HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
                assertEquals(200, page.statusCode(), page.body());
                assertFalse(page.body().contains("oauth-"), "no token on the page");
                lookups++;
            }
            assertTrue(lookups > 20, lookups + " lookups");
            assertTrue(app.sandbox.refreshesGranted() >= 3, app.sandbox.refreshesGranted() + " refreshes");
            assertEquals(0, app.sandbox.refreshesRefused());
            assertEquals(0, app.sandbox.expiredTokenCalls());
            String health = health(app);
            assertTrue(health.matches("\\{\"status\":\"UP\",\"connection\":\"connected\",\"protocol\":\"xmlrpc\",\"budget\":\\{[^}]*,\"keap\":\\{\"minuteLeft\":\\d+,\"heardAt\":\"[0-9T:-]+Z\"}},"
                    + "\"oauth\":\\{\"accessTokenValidUntil\":\"[0-9T:-]+Z\",\"lastRefresh\":\"[0-9T:-]+Z\",\"refresh\":\"ok\"}}\n"), health);
            for (String line : log.lines()) {
                assertFalse(line.contains("oauth-access-") || line.contains("oauth-refresh-")
                        || line.contains(app.sandbox.oauthClientSecret()) || line.contains(app.sandbox.oauthClientId()), line);
            }
        }
    }

    @Test
    void aRefusedRefreshTokenReadsInHealthAsTheDocumentedMessage() throws Exception {
        try (AppUnderTest app = AppUnderTest.start(sandbox(), Map.of(), "sandbox-oauth2")) {
            IssuedTokens issued = app.sandbox.issueTokens();
            refreshOnce(app.sandbox, issued.refreshToken()); // someone else used it: Keap now refuses it
            Instant longAgo = Instant.now().minus(Duration.ofHours(3));
            new FileTokenStore(tokenFile(app)).save(new Tokens(Secret.of(issued.accessToken()), Secret.of(issued.refreshToken()),
                    longAgo.plusSeconds(2), longAgo));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!health(app).contains("refused") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("{\"status\":\"DOWN\",\"connection\":\"connection failed: the OAuth2 refresh token was refused: authorize "
                            + "the application again (README, OAuth2)\",\"protocol\":\"xmlrpc\",\"budget\":{\"keptIn\":\"memory\",\"quota\":"
                            + "\"100000/s\",\"left\":LEFT,\"nextAt\":\"NOW\"},\"oauth\":{\"accessTokenValidUntil\":\""
                            + longAgo.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS) + "\",\"lastRefresh\":null,"
                            + "\"refresh\":\"the OAuth2 refresh token was refused: authorize the application again (README, OAuth2)\"}}\n",
                    health(app).replaceAll("\"nextAt\":\"[0-9T:-]+Z\"", "\"nextAt\":\"NOW\"").replaceAll("\"left\":\\d+", "\"left\":LEFT"));
            WebSession visitor = new WebSession(app.tomcat.base());
            visitor.openForm();
            HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
            assertEquals(502, page.statusCode());
            assertTrue(page.body().contains("Key refused"), page.body());
            assertEquals(1, app.sandbox.refreshesRefused(), "the refused token is not sent again");
        }
    }

    private static void refreshOnce(Sandbox sandbox, String refreshToken) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sandbox.tokenEndpoint().toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken
                        + "&client_id=" + sandbox.oauthClientId() + "&client_secret=" + sandbox.oauthClientSecret())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
    }
}
