package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keap's OAuth2 flow against the sandbox over real HTTPS: the authorize page's redirect, the code
 * exchange, refresh-token rotation, client authentication, and what the API answers a bearer token
 * that has expired or was never issued.
 */
class SandboxOAuthTest {
    private static final String CALLBACK = "https://app.example/oauth/callback";
    private static final String INVALID_REFRESH_TOKEN = "{\"error\":\"invalid_request\",\"error_description\":\"Invalid Refresh Token\"}";
    private static final String EXPIRED = "{\"fault\":{\"faultstring\":\"Access Token expired\","
            + "\"detail\":{\"errorcode\":\"keymanagement.service.access_token_expired\"}}}";
    private static final String INVALID = "{\"fault\":{\"faultstring\":\"Invalid Access Token\","
            + "\"detail\":{\"errorcode\":\"keymanagement.service.invalid_access_token\"}}}";
    private static final String APP_SETTING = "<?xml version=\"1.0\"?><methodCall><methodName>DataService.getAppSetting</methodName>"
            + "<params><param><value><string>placeholder</string></value></param><param><value><string>Application</string></value></param>"
            + "<param><value><string>enabled</string></value></param></params></methodCall>";
    private static final String APP_SETTING_ANSWER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param>"
            + "<value><string>yes</string></value></param></params></methodResponse>\n";
    private static final Pattern GRANTED = Pattern.compile("\\{\"access_token\":\"(oauth-access-[0-9a-f]{32})\",\"token_type\":\"bearer\","
            + "\"expires_in\":86400,\"refresh_token\":\"(oauth-refresh-[0-9a-f]{32})\",\"scope\":\"full\\|sandbox.infusionsoft.com\"}");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(b -> b.apiQuota(1000, 100_000));

    private Sandbox sandbox;
    private HttpClient client;

    @BeforeEach
    void start(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.client = client(sandbox);
        sandbox.clearFaults();
    }

    private static HttpClient client(Sandbox sandbox) {
        return HttpClient.newBuilder().sslContext(sandbox.trust()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> authorize(String query) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(sandbox.authorizeEndpoint() + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String authorizeQuery(String redirectUri) {
        return "client_id=" + sandbox.oauthClientId() + "&redirect_uri=" + encode(redirectUri) + "&response_type=code&scope=full";
    }

    /** A code from the authorize page for {@code redirectUri}. */
    private String code(String redirectUri) throws Exception {
        String location = authorize(authorizeQuery(redirectUri)).headers().firstValue("Location").orElseThrow();
        Matcher code = Pattern.compile("[?&]code=(code-[0-9a-f]+)&").matcher(location);
        assertTrue(code.find(), location);
        return code.group(1);
    }

    private static HttpResponse<String> postToken(Sandbox sandbox, HttpClient client, String basic, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(sandbox.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (basic != null) {
            request.header("Authorization", "Basic " + basic);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code form} to the token endpoint, the client authenticated with HTTP Basic. */
    private HttpResponse<String> token(String form) throws Exception {
        return postToken(sandbox, client, basic(sandbox.oauthClientId(), sandbox.oauthClientSecret()), form);
    }

    private static String basic(String id, String secret) {
        return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static IssuedTokens granted(HttpResponse<String> answer) {
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
        Matcher body = GRANTED.matcher(answer.body());
        assertTrue(body.matches(), answer.body());
        return new IssuedTokens(body.group(1), body.group(2), Duration.ofDays(1));
    }

    private static void assertAnswer(int status, String contentType, String body, HttpResponse<String> answer) {
        assertEquals(status + " " + contentType + " " + body,
                answer.statusCode() + " " + answer.headers().firstValue("Content-Type").orElse("none") + " " + answer.body());
    }

    private static HttpResponse<String> xmlRpc(Sandbox sandbox, HttpClient client, String bearer) throws Exception {
        return client.send(HttpRequest.newBuilder(sandbox.keapEndpoint()).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(APP_SETTING)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> rest(Sandbox sandbox, HttpClient client, String bearer) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(sandbox.restEndpoint() + "/contacts?page_size=1&fields=id"))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void authorizeRedirectsAtOnceWithACodeTheScopeAndTheStateEchoed() throws Exception {
        HttpResponse<String> answer = authorize(authorizeQuery(CALLBACK) + "&state=" + encode("x y&z=1"));

        assertEquals(302, answer.statusCode());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("https://app\\.example/oauth/callback\\?code=code-[0-9a-f]{32}"
                + "&scope=full%7Csandbox\\.infusionsoft\\.com&state=x\\+y%26z%3D1"), location);
    }

    @Test
    void authorizeAppendsToARedirectAddressWithAQueryAndLeavesOutAStateNotGiven() throws Exception {
        String location = authorize(authorizeQuery(CALLBACK + "?tenant=7")).headers().firstValue("Location").orElseThrow();

        assertTrue(location.matches("https://app\\.example/oauth/callback\\?tenant=7&code=code-[0-9a-f]{32}"
                + "&scope=full%7Csandbox\\.infusionsoft\\.com"), location);
    }

    @Test
    void authorizeSaysWhichParameterItRefuses() throws Exception {
        String id = sandbox.oauthClientId();
        Map<String, String> refusals = Map.of(
                "client_id=someone-else&redirect_uri=" + encode(CALLBACK) + "&response_type=code", "Unknown client_id",
                "client_id=" + id + "&redirect_uri=" + encode(CALLBACK) + "&response_type=token", "response_type must be code",
                "client_id=" + id + "&response_type=code", "Missing redirect_uri",
                "client_id=" + id + "&redirect_uri=" + encode("ftp://app.example/cb") + "&response_type=code",
                "redirect_uri must be an absolute http or https address",
                "client_id=" + id + "&redirect_uri=%2Fcallback&response_type=code", "redirect_uri must be an absolute http or https address",
                "client_id=" + id + "&redirect_uri=" + encode(CALLBACK + "#top") + "&response_type=code", "redirect_uri must not have a fragment");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            assertAnswer(400, "text/plain", refusal.getValue(), authorize(refusal.getKey()));
        }
    }

    @Test
    void aCodeIsExchangedOnceThenIsAnInvalidGrant() throws Exception {
        String code = code(CALLBACK);
        int exchanged = sandbox.codesExchanged();
        String form = "grant_type=authorization_code&code=" + code + "&redirect_uri=" + encode(CALLBACK);

        granted(token(form));
        HttpResponse<String> again = token(form);

        assertAnswer(400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid Authorization Code\"}", again);
        assertEquals(exchanged + 1, sandbox.codesExchanged());
    }

    @Test
    void aCodeIsRefusedWithARedirectAddressOtherThanTheOneAuthorized() throws Exception {
        String code = code(CALLBACK);

        HttpResponse<String> answer = token("grant_type=authorization_code&code=" + code + "&redirect_uri="
                + encode("https://evil.example/cb"));

        assertAnswer(400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid Authorization Code\"}", answer);
    }

    @Test
    void aRefreshRotatesTheRefreshTokenAndTheOldOneIsRefusedAsKeapDoes() throws Exception {
        IssuedTokens first = sandbox.issueTokens();
        int granted = sandbox.refreshesGranted();
        int refused = sandbox.refreshesRefused();

        IssuedTokens second = granted(token("grant_type=refresh_token&refresh_token=" + first.refreshToken()));
        HttpResponse<String> old = token("grant_type=refresh_token&refresh_token=" + first.refreshToken());
        IssuedTokens third = granted(token("grant_type=refresh_token&refresh_token=" + second.refreshToken()));

        assertAnswer(400, "application/json", INVALID_REFRESH_TOKEN, old);
        assertNotEquals(first.accessToken(), second.accessToken());
        assertNotEquals(second.refreshToken(), third.refreshToken());
        assertEquals(granted + 2, sandbox.refreshesGranted());
        assertEquals(refused + 1, sandbox.refreshesRefused());
    }

    @Test
    void anUnknownRefreshTokenIsRefusedWithTheSameBody() throws Exception {
        assertAnswer(400, "application/json", INVALID_REFRESH_TOKEN, token("grant_type=refresh_token&refresh_token=oauth-refresh-nope"));
    }

    @Test
    void anAccessTokenStaysValidAfterARefreshUntilItsOwnExpiry() throws Exception {
        IssuedTokens first = sandbox.issueTokens();

        IssuedTokens second = granted(token("grant_type=refresh_token&refresh_token=" + first.refreshToken()));

        assertEquals(APP_SETTING_ANSWER, xmlRpc(sandbox, client, first.accessToken()).body());
        assertEquals(APP_SETTING_ANSWER, xmlRpc(sandbox, client, second.accessToken()).body());
    }

    @Test
    void twoRefreshesRacingWithOneTokenGetOnePairBetweenThem() throws Exception {
        String refresh = sandbox.issueTokens().refreshToken();
        String basic = basic(sandbox.oauthClientId(), sandbox.oauthClientSecret());
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return postToken(sandbox, client(sandbox), basic, "grant_type=refresh_token&refresh_token=" + refresh).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        assertEquals("200,400,400,400,400,400", answers.stream().map(CompletableFuture::join).sorted()
                .map(String::valueOf).collect(Collectors.joining(",")));
    }

    @Test
    void theClientMayAuthenticateWithFormFieldsInsteadOfBasic() throws Exception {
        String refresh = sandbox.issueTokens().refreshToken();

        granted(postToken(sandbox, client, null, "grant_type=refresh_token&refresh_token=" + refresh
                + "&client_id=" + sandbox.oauthClientId() + "&client_secret=" + sandbox.oauthClientSecret()));
    }

    @Test
    void aWrongOrMissingClientSecretIsAnInvalidClientAndUsesNoToken() throws Exception {
        String refresh = sandbox.issueTokens().refreshToken();
        String form = "grant_type=refresh_token&refresh_token=" + refresh;
        String invalidClient = "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials\"}";

        assertAnswer(401, "application/json", invalidClient, postToken(sandbox, client, basic(sandbox.oauthClientId(), "wrong"), form));
        assertAnswer(401, "application/json", invalidClient, postToken(sandbox, client, null,
                form + "&client_id=" + sandbox.oauthClientId() + "&client_secret=wrong"));
        assertAnswer(401, "application/json", invalidClient, postToken(sandbox, client, null, form));
        granted(token(form));
    }

    @Test
    void theTokenEndpointNamesAMissingParameterAndRefusesOtherGrantsBodiesAndMethods() throws Exception {
        assertAnswer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Missing parameter: grant_type\"}",
                token("refresh_token=x"));
        assertAnswer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Missing parameter: refresh_token\"}",
                token("grant_type=refresh_token"));
        assertAnswer(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Missing parameter: redirect_uri\"}",
                token("grant_type=authorization_code&code=code-1"));
        assertAnswer(400, "application/json", "{\"error\":\"unsupported_grant_type\","
                + "\"error_description\":\"Unsupported grant_type, use authorization_code or refresh_token\"}",
                token("grant_type=client_credentials"));
        HttpResponse<String> json = client.send(HttpRequest.newBuilder(sandbox.tokenEndpoint()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertAnswer(400, "application/json", "{\"error\":\"invalid_request\","
                + "\"error_description\":\"Content-Type must be application/x-www-form-urlencoded\"}", json);
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(sandbox.tokenEndpoint()).build(), HttpResponse.BodyHandlers.ofString());
        assertAnswer(405, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Method not allowed, use POST\"}", get);
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void aTokenRequestIsRecordedWithItsGrantTypeAloneAndTakesAnInjectedFault() throws Exception {
        String refresh = sandbox.issueTokens().refreshToken();
        String form = "grant_type=refresh_token&refresh_token=" + refresh;
        sandbox.clearCalls();
        sandbox.injectNext(Fault.status(503));
        sandbox.injectNext(Fault.drop());

        assertAnswer(503, "text/plain", "injected HTTP 503", token(form));
        assertThrows(IOException.class, () -> token(form));
        granted(token(form));

        List<RecordedCall> calls = sandbox.calls();
        assertEquals(3, calls.size());
        for (RecordedCall call : calls) {
            assertEquals("/token", call.path());
            assertEquals("OAuth token", call.method());
            assertEquals(List.of("grant_type=refresh_token"), call.params());
        }
    }

    @Test
    void anUnknownBearerTokenGetsTheGatewaysAnswerWhileAWrongApiKeyKeepsItsFault() throws Exception {
        assertAnswer(401, "application/json", INVALID, xmlRpc(sandbox, client, "oauth-access-never-issued"));
        assertAnswer(401, "application/json", INVALID, rest(sandbox, client, "oauth-access-never-issued"));

        HttpResponse<String> wrongKey = client.send(HttpRequest.newBuilder(sandbox.keapEndpoint()).header("X-Keap-API-Key", "KeapAK-wrong")
                .POST(HttpRequest.BodyPublishers.ofString(APP_SETTING)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, wrongKey.statusCode());
        assertTrue(wrongKey.body().contains("<string>[InvalidKey]Invalid Key</string>"), wrongKey.body());
    }

    @Test
    void theStaticOAuthTokenStillOpensXmlRpcAndRest() throws Exception {
        assertEquals(APP_SETTING_ANSWER, xmlRpc(sandbox, client, sandbox.oauthToken()).body());
        assertEquals(200, rest(sandbox, client, sandbox.oauthToken()).statusCode());
    }

    @Test
    void anIssuedAccessTokenOpensXmlRpcAndRestUntilItExpiresThenGetsTheGatewaysExpiredAnswer() throws Exception {
        try (Sandbox shortLived = Sandbox.builder().tokenLifetimes(Duration.ofSeconds(1), Duration.ofSeconds(1)).start()) {
            HttpClient shortClient = client(shortLived);
            // One call first, so that the token's one second holds no TLS handshake.
            assertEquals(APP_SETTING_ANSWER, xmlRpc(shortLived, shortClient, shortLived.oauthToken()).body());
            long issuedAt = System.nanoTime();
            IssuedTokens tokens = shortLived.issueTokens();

            HttpResponse<String> xmlRpcBefore = xmlRpc(shortLived, shortClient, tokens.accessToken());
            HttpResponse<String> restBefore = rest(shortLived, shortClient, tokens.accessToken());
            Thread.sleep(Math.max(0, Duration.ofMillis(1100).minusNanos(System.nanoTime() - issuedAt).toMillis()));

            assertEquals(Duration.ofSeconds(1), tokens.expiresIn());
            assertEquals(APP_SETTING_ANSWER, xmlRpcBefore.body());
            assertAnswer(200, "application/json", "{\"contacts\":[{\"id\":\"3\"}],\"next_page_token\":\"b2Zmc2V0OjE\"}", restBefore);
            assertAnswer(401, "application/json", EXPIRED, xmlRpc(shortLived, shortClient, tokens.accessToken()));
            assertAnswer(401, "application/json", EXPIRED, rest(shortLived, shortClient, tokens.accessToken()));
            assertEquals(2, shortLived.expiredTokenCalls());
            assertAnswer(400, "application/json", INVALID_REFRESH_TOKEN, postToken(shortLived, shortClient,
                    basic(shortLived.oauthClientId(), shortLived.oauthClientSecret()), "grant_type=refresh_token&refresh_token="
                    + tokens.refreshToken()));
            assertEquals(APP_SETTING_ANSWER, xmlRpc(shortLived, shortClient, shortLived.oauthToken()).body());
        }
    }

    @Test
    void lifetimesMustBeWholeSecondsOfAtLeastOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sandbox.builder().tokenLifetimes(Duration.ofMillis(1500), Duration.ofDays(1)));
        assertEquals("access token lifetime must be whole seconds, at least 1: PT1.5S", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sandbox.builder().tokenLifetimes(Duration.ofHours(1), Duration.ZERO));
        assertEquals("refresh token lifetime must be whole seconds, at least 1: PT0S", e.getMessage());
    }

    @Test
    void issuedTokensNeverShowTheirTokens() {
        assertEquals("IssuedTokens[expiresIn=PT24H]", sandbox.issueTokens().toString());
    }

    @Test
    void theEndpointsAreOnTheSandboxsPort() {
        assertEquals("https://localhost:" + sandbox.port() + "/token", sandbox.tokenEndpoint().toString());
        assertEquals("https://localhost:" + sandbox.port() + "/app/oauth/authorize", sandbox.authorizeEndpoint().toString());
        assertTrue(sandbox.oauthClientId().matches("sandbox-client-[0-9a-f]{32}"));
        assertTrue(sandbox.oauthClientSecret().matches("sandbox-secret-[0-9a-f]{32}"));
    }
}
