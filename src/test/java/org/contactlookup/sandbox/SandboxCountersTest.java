package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sandbox/counters}: what the sandbox counted, as JSON, over the same HTTPS as the API,
 * after a known run of requests on one kept-alive connection.
 */
class SandboxCountersTest {
    private static final String CALLBACK = "https://app.example/callback";
    private static final Pattern TOKENS = Pattern.compile("\"access_token\":\"([^\"]+)\".*\"refresh_token\":\"([^\"]+)\"");

    private Sandbox sandbox;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(2, 100).tokenLifetimes(Duration.ofSeconds(1), Duration.ofDays(45)).start();
        client = HttpClient.newBuilder().sslContext(sandbox.trust()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder counters() {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + sandbox.port() + "/sandbox/counters"));
    }

    private HttpResponse<String> token(String form) throws Exception {
        return send(HttpRequest.newBuilder(sandbox.tokenEndpoint()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&client_id=" + sandbox.oauthClientId()
                        + "&client_secret=" + sandbox.oauthClientSecret())));
    }

    private HttpResponse<String> keyCall() throws Exception {
        return send(HttpRequest.newBuilder(sandbox.restEndpoint().resolve("v2/contacts")).header("X-Keap-API-Key", sandbox.apiKey()));
    }

    @Test
    void theCountersSayWhatHappenedAndNothingElse() throws Exception {
        assertEquals("{\"requests\":0,\"connections\":1,\"throttled\":0,\"codesExchanged\":0,\"refreshesGranted\":0,"
                + "\"refreshesRefused\":0,\"expiredTokenCalls\":0}", send(counters()).body());
        String callback = URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8);
        String location = send(HttpRequest.newBuilder(URI.create(sandbox.authorizeEndpoint() + "?client_id=" + sandbox.oauthClientId()
                + "&redirect_uri=" + callback + "&response_type=code"))).headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        Matcher first = TOKENS.matcher(token("grant_type=authorization_code&code=" + code + "&redirect_uri=" + callback).body());
        assertTrue(first.find(), "a pair for the code");
        assertEquals(200, token("grant_type=refresh_token&refresh_token=" + first.group(2)).statusCode());
        assertEquals(400, token("grant_type=refresh_token&refresh_token=" + first.group(2)).statusCode(), "used already");
        assertEquals(200, keyCall().statusCode());
        assertEquals(200, keyCall().statusCode());
        assertEquals(429, keyCall().statusCode(), "a third call within a second");
        Thread.sleep(1100); // the first access token's one-second life runs out
        assertEquals(401, send(HttpRequest.newBuilder(sandbox.restEndpoint().resolve("v2/contacts"))
                .header("Authorization", "Bearer " + first.group(1))).statusCode());

        HttpResponse<String> answer = send(counters());

        assertEquals(200, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
        String expected = "{\"requests\":8,\"connections\":1,\"throttled\":1,\"codesExchanged\":1,\"refreshesGranted\":1,"
                + "\"refreshesRefused\":1,\"expiredTokenCalls\":1}";
        assertEquals(expected, answer.body());
        assertEquals(expected, send(counters()).body(), "reading the counters is not a request");
        assertEquals(expected, sandbox.counters().toJson());
        assertEquals(8, sandbox.calls().size());
    }

    @Test
    void onlyAGetOfTheExactPathIsAnswered() throws Exception {
        HttpResponse<String> post = send(counters().POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals("405 GET Method not allowed, use GET",
                post.statusCode() + " " + post.headers().firstValue("Allow").orElseThrow() + " " + post.body());
        HttpResponse<String> longer = send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandbox.port() + "/sandbox/counters/x")));
        assertEquals("404 Not found", longer.statusCode() + " " + longer.body());
        assertEquals(0, sandbox.counters().requests());
    }
}
