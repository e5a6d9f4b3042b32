package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.errors.TokenRefreshException;
import org.contactlookup.client.oauth.FileTokenStore;
import org.contactlookup.client.oauth.TokenEndpoint;
import org.contactlookup.client.oauth.Tokens;
import org.contactlookup.client.transport.HttpEngine;
import org.contactlookup.client.transport.Timer;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the client proves who it is at the token endpoint, as the sandbox received it: the code
 * exchange with {@code client_id} and {@code client_secret} as form fields (Keap's documented
 * form), a refresh with HTTP Basic over the raw {@code id:secret} (as Keap's PHP SDK sends it).
 */
class OAuthClientCredentialsTest {
    private static final String CLIENT_ID = "client-7f3a";
    /** Characters a form gives meaning to: each must reach the server as itself. */
    private static final String CLIENT_SECRET = "s3cr+t/with=&%";
    private static final String REDIRECT = "https://admin.example.com/keap-authorized";
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    @TempDir
    Path folder;
    private Sandbox sandbox;
    private Connection connection;
    private Timer timer;
    private TokenEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).oauthClient(CLIENT_ID, CLIENT_SECRET).start();
        connection = OAuthSandbox.connection(sandbox, folder.resolve("tokens.json"), Protocol.REST);
        timer = new Timer("test");
        endpoint = new TokenEndpoint(connection, new HttpEngine(connection, timer));
    }

    @AfterEach
    void stop() {
        timer.close();
        sandbox.close();
    }

    @Test
    void theCodeExchangeSendsTheClientAsFormFieldsAndNoAuthorizationHeader() throws Exception {
        String code = approve();
        endpoint.exchangeCode(code, REDIRECT, Duration.ofSeconds(5)).join();
        RecordedCall call = onlyTokenCall();
        assertNull(call.header("Authorization"));
        assertEquals("application/x-www-form-urlencoded", call.header("Content-Type"));
        assertEquals("client_id=client-7f3a&client_secret=s3cr%2Bt%2Fwith%3D%26%25&code=" + code
                + "&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fadmin.example.com%2Fkeap-authorized", call.bodyText());
        assertEquals("POST /token HTTP/1.1", call.requestLine());
        assertEquals(1, sandbox.codesExchanged());
    }

    @Test
    void aRefreshSendsTheClientInHttpBasicOverTheRawIdAndSecret() {
        Tokens pair = OAuthSandbox.fresh(sandbox);
        endpoint.refresh(pair.refreshToken(), Duration.ofSeconds(5)).join();
        RecordedCall call = onlyTokenCall();
        // base64("client-7f3a:s3cr+t/with=&%"): nothing URL-encoded first.
        assertEquals("Basic Y2xpZW50LTdmM2E6czNjcit0L3dpdGg9JiU=", call.header("Authorization"));
        assertEquals("grant_type=refresh_token&refresh_token=" + pair.refreshToken().reveal(), call.bodyText());
        assertEquals("POST /token HTTP/1.1", call.requestLine());
        assertEquals(1, sandbox.refreshesGranted());
    }

    @Test
    void aLookupWithAnExpiredTokenRefreshesWithHttpBasic() throws Exception {
        Tokens pair = OAuthSandbox.expiredLongAgo(OAuthSandbox.fresh(sandbox));
        new FileTokenStore(connection.oauth().tokenFile()).save(pair);
        try (ContactLookup client = ContactLookup.create(connection)) {
            assertEquals(List.of(Map.of("Id", 3)), client.findByEmail(DemoContacts.JOHN, List.of("Id")));
        }
        RecordedCall call = onlyTokenCall();
        assertEquals("Basic Y2xpZW50LTdmM2E6czNjcit0L3dpdGg9JiU=", call.header("Authorization"));
        assertEquals("grant_type=refresh_token&refresh_token=" + pair.refreshToken().reveal(), call.bodyText());
        assertEquals(1, sandbox.refreshesGranted());
    }

    @Test
    void aRefusedExchangeIsReportedWithoutTheSecret() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> endpoint.exchangeCode("code-never-issued", REDIRECT, Duration.ofSeconds(5)).join());
        TokenRefreshException refused = assertInstanceOf(TokenRefreshException.class, e.getCause());
        assertEquals("the token endpoint " + sandbox.tokenEndpoint().getAuthority()
                + " answered HTTP 400 invalid_grant (Invalid Authorization Code)", refused.getMessage());
        assertEquals(TokenRefreshException.Reason.REFUSED, refused.reason());
    }

    /** The code the sandbox's authorize page hands a browser that approves, for {@link #REDIRECT}. */
    private String approve() throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(sandbox.trust()).followRedirects(HttpClient.Redirect.NEVER).build();
        URI authorize = URI.create(sandbox.authorizeEndpoint() + "?client_id=" + CLIENT_ID + "&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&response_type=code&scope=full");
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, answer.statusCode(), answer.body());
        Matcher code = CODE.matcher(answer.headers().firstValue("Location").orElseThrow());
        assertTrue(code.find(), "a code in the redirect");
        sandbox.clearCalls();
        return code.group(1);
    }

    private RecordedCall onlyTokenCall() {
        List<RecordedCall> calls = sandbox.calls().stream().filter(c -> "OAuth token".equals(c.method())).toList();
        assertEquals(1, calls.size(), calls.toString());
        return calls.get(0);
    }
}
