package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contactlookup.client.config.ConnectionFile;
import org.contactlookup.client.config.RateLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth2 bearer tokens are throttled as Keap throttles OAuth2, apart from API keys, and the
 * connection file the sandbox writes gives the app those limits.
 */
class SandboxOAuthLimitsTest {
    private static final String QUOTA_EXCEEDED = "{\"code\":\"429\",\"message\":\"Quota Exceeded\",\"status\":\"Request Throttled\"}";

    private static HttpResponse<String> list(Sandbox sandbox, HttpClient client, String header, String value) throws Exception {
        return client.send(HttpRequest.newBuilder(sandbox.restEndpoint().resolve("v2/contacts")).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bearerTokensHaveAQuotaOfTheirOwn() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().apiQuota(3, 100).oauthQuota(2, 100, 0).start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
            String bearer = "Bearer " + sandbox.issueTokens().accessToken();
            assertEquals(200, list(sandbox, client, "Authorization", bearer).statusCode());
            assertEquals(200, list(sandbox, client, "Authorization", "Bearer " + sandbox.oauthToken()).statusCode());
            HttpResponse<String> third = list(sandbox, client, "Authorization", bearer);
            assertEquals("429 " + QUOTA_EXCEEDED, third.statusCode() + " " + third.body());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, list(sandbox, client, "X-Keap-API-Key", sandbox.apiKey()).statusCode(), "key call " + i);
            }
            assertEquals(1, sandbox.counters().throttled());
        }
    }

    @Test
    void theWrittenOAuth2ConnectionsCarryKeapsOAuth2LimitsWithTheSpikeArrest(@TempDir Path folder) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Path file = SandboxFiles.write(sandbox, folder);
            List<RateLimit> keap = List.of(RateLimit.parse("25/s"), RateLimit.parse("1500/min"), RateLimit.parse("150000/day"));
            ConnectionFile connections = ConnectionFile.read(file, name -> null);
            assertEquals(keap, connections.connection("sandbox-oauth2").policy().limits());
            assertEquals(keap, connections.connection("sandbox-oauth").policy().limits());
            assertEquals(List.of("sandbox-oauth.limits = 25/s, 1500/min, 150000/day", "sandbox-oauth2.limits = 25/s, 1500/min, 150000/day"),
                    Files.readAllLines(file).stream().filter(line -> line.contains(".limits")).toList());
        }
    }

    @Test
    void aStricterSandboxWritesItsOwnLimits(@TempDir Path folder) throws Exception {
        try (Sandbox sandbox = Sandbox.builder().oauthQuota(5, 100, 0).start()) {
            Path file = SandboxFiles.write(sandbox, folder);
            assertEquals(List.of(RateLimit.parse("5/s"), RateLimit.parse("100/min"), RateLimit.parse("150000/day")),
                    ConnectionFile.read(file, name -> null).connection("sandbox-oauth2").policy().limits());
        }
    }
}
