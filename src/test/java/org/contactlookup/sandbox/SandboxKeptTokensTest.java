package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox that keeps the OAuth2 tokens it issued takes them up again at its next start, for the
 * same client only, from a file that holds no token.
 */
class SandboxKeptTokensTest {
    private static final String CLIENT = "sandbox-client-kept";
    private static final String SECRET = "sandbox-secret-kept";

    @TempDir
    Path folder;

    private Sandbox start(String clientId, String secret) throws IOException {
        return Sandbox.builder().oauthClient(clientId, secret).keepIssuedTokens(folder.resolve("issued.json")).start();
    }

    private static int status(Sandbox sandbox, String bearer) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        return client.send(HttpRequest.newBuilder(sandbox.restEndpoint().resolve("v2/contacts")).header("Authorization", "Bearer " + bearer)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int refresh(Sandbox sandbox, String refreshToken) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        return client.send(HttpRequest.newBuilder(sandbox.tokenEndpoint()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken
                        + "&client_id=" + sandbox.oauthClientId() + "&client_secret=" + sandbox.oauthClientSecret())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aRestartedSandboxAcceptsTheTokensItIssuedBefore() throws Exception {
        IssuedTokens used;
        IssuedTokens current;
        try (Sandbox first = start(CLIENT, SECRET)) {
            used = first.issueTokens();
            current = first.issueTokens();
            assertEquals(200, refresh(first, used.refreshToken()));
        }
        Path file = folder.resolve("issued.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String kept = Files.readString(file);
        assertFalse(kept.contains("oauth-access-") || kept.contains("oauth-refresh-") || kept.contains(SECRET), kept);
        assertTrue(kept.contains(OAuthServer.digest(current.refreshToken())), kept);

        try (Sandbox second = start(CLIENT, SECRET)) {
            assertEquals(200, status(second, used.accessToken()), "an access token lives until its own expiry");
            assertEquals(200, status(second, current.accessToken()));
            assertEquals(400, refresh(second, used.refreshToken()), "used before the restart");
            assertEquals(200, refresh(second, current.refreshToken()));
            assertEquals(401, status(second, "oauth-access-never-issued"));
        }
    }

    @Test
    void anotherClientDoesNotInheritTheTokens() throws Exception {
        IssuedTokens issued;
        try (Sandbox first = start(CLIENT, SECRET)) {
            issued = first.issueTokens();
        }
        try (Sandbox other = start(CLIENT, "another-secret")) {
            assertEquals(401, status(other, issued.accessToken()));
            assertEquals(400, refresh(other, issued.refreshToken()));
        }
    }

    @Test
    void aDamagedFileStopsTheStartNamingTheFile() throws Exception {
        Path file = Files.writeString(folder.resolve("issued.json"), "{\"client\":\"" + OAuthServer.digest(CLIENT + ":" + SECRET)
                + "\",\"accessTokens\":{\"oauth-access-1\":1},\"refreshTokens\":{}}");
        IOException refused = assertThrows(IOException.class, () -> start(CLIENT, SECRET));
        assertEquals("the kept OAuth2 tokens in " + file + " are not what the sandbox writes (not a digest and an expiry time): "
                + "delete the file to start without them", refused.getMessage());
        Files.writeString(file, "[]");
        assertEquals("the kept OAuth2 tokens in " + file + " are not what the sandbox writes (not a JSON object): "
                + "delete the file to start without them", assertThrows(IOException.class, () -> start(CLIENT, SECRET)).getMessage());
        assertEquals(Map.of(), new KeptTokens(folder.resolve("none.json")).load("x").accessTokens());
    }
}
