package org.contactlookup.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionFileTest {
    private static final Map<String, String> ENV = Map.of("KEAP_KEY", "KeapAK-from-env");

    @TempDir
    Path folder;

    private Path write(String... lines) throws IOException {
        Path file = folder.resolve("connections.cfg");
        Files.write(file, List.of(lines));
        return file;
    }

    private Connection load(String name, String... lines) throws IOException {
        return ConnectionFile.read(write(lines), ENV::get).connection(name);
    }

    static Stream<Arguments> goodLines() {
        return Stream.of(
                Arguments.of("guide:myapp:i:LEGACYKEY123:This is the connection for myapp.infusionsoft.com",
                        AuthType.LEGACY_KEY, "LEGACYKEY123", "https://myapp.infusionsoft.com/api/xmlrpc"),
                Arguments.of("guide:myapp:k:$KEAP_KEY:service account key",
                        AuthType.API_KEY, "KeapAK-from-env", "https://api.infusionsoft.com/crm/xmlrpc/v1"),
                Arguments.of("guide:myapp:o:token-abc", AuthType.OAUTH2, "token-abc", "https://api.infusionsoft.com/crm/xmlrpc/v1"),
                Arguments.of("  guide : myapp : k : KeapAK-x : comment: with: colons  ",
                        AuthType.API_KEY, "KeapAK-x", "https://api.infusionsoft.com/crm/xmlrpc/v1"));
    }

    @ParameterizedTest
    @MethodSource("goodLines")
    void goodLinesGiveTheirConnection(String line, AuthType type, String key, String endpoint) throws IOException {
        Connection c = load("guide", "# a comment", "", line);
        assertEquals("guide", c.name());
        assertEquals("myapp", c.application());
        assertEquals(type, c.authType());
        assertEquals(Secret.of(key), c.key());
        assertEquals(URI.create(endpoint), c.endpoint());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(Duration.ofSeconds(15), c.readTimeout());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("guide:myapp:i", "line 1: expected name:application:type:key:comment, found 3 field(s)"),
                Arguments.of("guide:myapp:m:SECRETKEY:x", "line 1: unknown type 'm': use i (legacy key), k (Keap API key) or o (OAuth2 token)"),
                Arguments.of("guide:myapp:k::x", "line 1: connection 'guide' has no key"),
                Arguments.of("gu ide:myapp:k:SECRETKEY:x", "line 1: connection name 'gu ide' must be 1-64 letters, digits, '_' or '-'"),
                Arguments.of("guide:my.app:k:SECRETKEY:x", "line 1: application name 'my.app' must be a host name label (letters, digits, '-')"),
                Arguments.of("guide:myapp:k:$NOT_SET:x", "line 1: the key of 'guide' comes from environment variable NOT_SET, which is not set"),
                Arguments.of("guide:myapp:k:@missing.key:x", "line 1: the key of 'guide' comes from FOLDER/missing.key, which does not exist"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void badLinesNameFileLineAndProblemButNeverTheKey(String line, String expected) throws IOException {
        Path file = write(line);
        ConnectionConfigException e = assertThrows(ConnectionConfigException.class,
                () -> ConnectionFile.read(file, ENV::get).connection("guide"));
        assertEquals(file + " " + expected.replace("FOLDER", folder.toAbsolutePath().toString()), e.getMessage());
        assertEquals(1, e.line());
        assertFalse(e.getMessage().contains("SECRETKEY"));
    }

    @Test
    void anOAuthConnectionWithAClientIdRefreshesItsOwnTokens() throws IOException {
        Connection c = load("oauth", "oauth:myapp:o:@tokens/oauth.json:Keap OAuth2", "oauth.clientId = $KEAP_KEY",
                "oauth.clientSecret = the-client-secret", "oauth.redirectUri = https://admin.example.com/keap-authorized");
        assertEquals(Secret.of("the-client-secret"), c.key(), "the client secret is the connection's long-lived secret");
        assertEquals(Secret.of("KeapAK-from-env"), c.oauth().clientId());
        assertEquals(folder.toAbsolutePath().resolve("tokens/oauth.json"), c.oauth().tokenFile());
        assertEquals(URI.create("https://api.infusionsoft.com/token"), c.oauth().tokenEndpoint());
        assertEquals(URI.create("https://accounts.infusionsoft.com/app/oauth/authorize"), c.oauth().authorizeEndpoint());
        assertEquals(URI.create("https://admin.example.com/keap-authorized"), c.oauth().redirectUri());
        assertFalse(c.oauth().toString().contains("KeapAK-from-env"));
        assertEquals(null, load("guide", "guide:myapp:o:token-abc").oauth(), "without a client id, the key is a fixed token");
    }

    static Stream<Arguments> badOAuthConnections() {
        return Stream.of(
                Arguments.of(List.of("guide:myapp:k:@t.json", "guide.clientId = id", "guide.clientSecret = SECRETKEY"),
                        "line 1: clientId and clientSecret belong to an OAuth2 connection (type o), not type k"),
                Arguments.of(List.of("guide:myapp:o:@t.json", "guide.clientId = id"),
                        "line 1: connection 'guide' needs both clientId and clientSecret to refresh its tokens"),
                Arguments.of(List.of("guide:myapp:o:SECRETKEY", "guide.clientId = id", "guide.clientSecret = secret"),
                        "line 1: connection 'guide' refreshes its own tokens, so its key field names the file they are kept in: "
                                + "write it as @path, such as @guide-tokens.json"),
                Arguments.of(List.of("guide:myapp:o:@t.json", "guide.clientId = id", "guide.clientSecret = $NOT_SET"),
                        "line 1: the client secret of 'guide' comes from environment variable NOT_SET, which is not set"),
                Arguments.of(List.of("guide:myapp:o:@t.json", "guide.clientId = my:id", "guide.clientSecret = secret"),
                        "line 1: clientId must not contain ':', which HTTP Basic would read as the end of the id"),
                Arguments.of(List.of("guide:myapp:o:SECRETKEY", "guide.tokenEndpoint = https://localhost/token"),
                        "line 1: connection 'guide' has OAuth2 endpoint settings but no clientId and clientSecret"));
    }

    @ParameterizedTest
    @MethodSource("badOAuthConnections")
    void badOAuthConnectionsSayWhatIsMissing(List<String> lines, String expected) throws IOException {
        Path file = write(lines.toArray(String[]::new));
        ConnectionConfigException e = assertThrows(ConnectionConfigException.class,
                () -> ConnectionFile.read(file, ENV::get).connection("guide"));
        assertEquals(file + " " + expected, e.getMessage());
        assertFalse(e.getMessage().contains("SECRETKEY"));
    }

    @Test
    void restWithAnXmlRpcEndpointIsRefusedWithTheFix() {
        ConnectionConfigException e = assertThrows(ConnectionConfigException.class, () -> load("main",
                "main:myapp:k:KEY", "main.endpoint = https://localhost:8443/crm/xmlrpc/v1", "main.protocol = rest"));
        assertTrue(e.getMessage().endsWith("line 1: endpoint 'https://localhost:8443/crm/xmlrpc/v1' is an XML-RPC address, but the "
                + "protocol is rest: point it at the REST v2 base, such as https://api.infusionsoft.com/crm/rest/v2, or leave it out "
                + "for Keap's"), e.getMessage());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("guide.endpoint = http://localhost:8443/api/xmlrpc",
                        "line 2: endpoint 'http://localhost:8443/api/xmlrpc' must use https: Infusionsoft refuses plain http"),
                Arguments.of("guide.endpoint = https://localhost/x?key=SECRETKEY",
                        "line 2: endpoint must not carry user info, a query or a fragment"),
                Arguments.of("guide.readTimeout = soon", "line 2: duration 'soon' must be a positive whole number followed by ms or s, such as 5s"),
                Arguments.of("guide.connectTimeout = 0s", "line 2: duration '0s' must be a positive whole number followed by ms or s, such as 5s"),
                Arguments.of("guide.colour = blue", "line 2: unknown setting 'colour': use protocol, endpoint, trust, connectTimeout, readTimeout, limits, "
                        + "permitWait, deadline, attempts, cache, cacheSize, maxInFlight, clientId, clientSecret, redirectUri, tokenEndpoint or "
                        + "authorizeEndpoint"),
                Arguments.of("guide.tokenEndpoint = http://localhost/token", "line 2: tokenEndpoint 'http://localhost/token' must be an https address"),
                Arguments.of("guide.tokenEndpoint = https://localhost/token?secret=SECRETKEY",
                        "line 2: tokenEndpoint must not carry user info, a query or a fragment"),
                Arguments.of("guide.redirectUri = /relative", "line 2: redirectUri '/relative' must be an http or https address without a fragment"),
                Arguments.of("guide.redirectUri = javascript:alert(1)",
                        "line 2: redirectUri 'javascript:alert(1)' must be an http or https address without a fragment"),
                Arguments.of("guide.limits = 10 per second", "line 2: rate limit '10 per second' must look like 10/s, 240/min, 30000/day, 2/500ms or, for a credit pool, 10000+2/s"),
                Arguments.of("guide.attempts = 11", "line 2: attempts must be 1 to 10, not 11"),
                Arguments.of("guide.cacheSize = many", "line 2: cacheSize must be a whole number, not 'many'"),
                Arguments.of("other.readTimeout = 5s", "line 2: setting for unknown connection 'other'"),
                Arguments.of("guide:other:k:SECRETKEY", "line 2: connection 'guide' is defined twice"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void badSettingsAreRefusedWithTheirLine(String setting, String expected) throws IOException {
        Path file = write("guide:myapp:k:SECRETKEY:x", setting);
        ConnectionConfigException e = assertThrows(ConnectionConfigException.class,
                () -> ConnectionFile.read(file, ENV::get).connection("guide"));
        assertEquals(file + " " + expected, e.getMessage());
        assertFalse(e.getMessage().contains("SECRETKEY"));
    }

    @Test
    void settingsPointAConnectionElsewhere() throws IOException {
        Connection c = load("guide",
                "guide.endpoint = https://localhost:8443/crm/xmlrpc/v1",
                "guide:myapp:k:KeapAK-x",
                "guide.trust = certs/sandbox.pem",
                "guide.connectTimeout = 250ms",
                "guide.readTimeout = 3s");
        assertEquals(URI.create("https://localhost:8443/crm/xmlrpc/v1"), c.endpoint());
        assertEquals(folder.toAbsolutePath().resolve("certs/sandbox.pem"), c.trust());
        assertEquals(Duration.ofMillis(250), c.connectTimeout());
        assertEquals(Duration.ofSeconds(3), c.readTimeout());
    }

    @Test
    void callPolicyDefaultsFollowTheAuthTypeAndCanBeOverridden() throws IOException {
        assertEquals("[10000+2/s]", load("guide", "guide:myapp:i:KEY").policy().limits().toString());
        assertEquals("[10/s, 240/min, 30000/day]", load("guide", "guide:myapp:k:KEY").policy().limits().toString());
        assertEquals("[25/s, 1500/min, 150000/day]", load("guide", "guide:myapp:o:KEY").policy().limits().toString());
        CallPolicy policy = load("guide", "guide:myapp:k:KEY", "guide.limits = 5/s, 2/500ms", "guide.permitWait = 0ms",
                "guide.deadline = 3s", "guide.attempts = 1", "guide.cache = 30s", "guide.cacheSize = 10", "guide.maxInFlight = 7").policy();
        assertEquals(new CallPolicy(List.of(RateLimit.quota(5, Duration.ofSeconds(1)), RateLimit.quota(2, Duration.ofMillis(500))),
                Duration.ZERO, Duration.ofSeconds(3), 1, Duration.ofSeconds(30), 10, 7), policy);
        CallPolicy defaults = load("guide", "guide:myapp:k:KEY").policy();
        assertEquals(Duration.ofMillis(250), defaults.permitWait());
        assertEquals(Duration.ofSeconds(20), defaults.deadline());
        assertEquals(3, defaults.attempts());
        assertEquals(Duration.ZERO, defaults.cacheTtl());
    }

    @Test
    void keyCanComeFromAFileBesideTheConfig() throws IOException {
        Files.writeString(folder.resolve("api.key"), "KeapAK-from-file\n");
        assertEquals(Secret.of("KeapAK-from-file"), load("guide", "guide:myapp:k:@api.key:x").key());
    }

    @Test
    void unknownNameListsTheKnownOnes() throws IOException {
        Path file = write("one:app:k:SECRETKEY", "two:app:o:SECRETKEY");
        ConnectionConfigException e = assertThrows(ConnectionConfigException.class,
                () -> ConnectionFile.read(file, ENV::get).connection("three"));
        assertEquals(file + ": no connection named 'three'; the file defines one, two", e.getMessage());
    }

    @Test
    void missingVariableOfAnotherConnectionDoesNotMatter() throws IOException {
        assertEquals(Secret.of("KeapAK-x"), load("used", "unused:app:k:$NOT_SET", "used:app:k:KeapAK-x").key());
    }

    @Test
    void unreadableFileIsReported() {
        Path missing = folder.resolve("nope.cfg");
        ConnectionConfigException e = assertThrows(ConnectionConfigException.class, () -> ConnectionFile.read(missing));
        assertEquals(missing + ": cannot be read (NoSuchFileException)", e.getMessage());
    }

    @Test
    void shippedConfigurationParsesAndHoldsNoKey() throws IOException {
        ConnectionFile shipped = ConnectionFile.read(Path.of("conf/connections.cfg"), name -> null);
        assertEquals(List.of("sandbox"), shipped.names());
    }
}
