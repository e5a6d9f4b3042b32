package org.contactlookup.client.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactlookup.client.ContactLookup;
import org.contactlookup.client.config.ConnectionFile;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's first authorization, against the sandbox's authorize page and token endpoint:
 * the command prints the address, the "browser" follows it, the operator pastes where it landed.
 */
class AuthorizeTest {
    private static final Pattern ADDRESS = Pattern.compile("(https://\\S+/app/oauth/authorize\\?\\S+)");
    private static final UnaryOperator<String> NO_ENVIRONMENT = name -> null;

    @TempDir
    Path folder;
    private Sandbox sandbox;
    private Path connections;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().start();
        connections = SandboxFiles.write(sandbox, folder);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** What the command printed and returned, given how the operator answers the address it printed. */
    private record Run(int status, String out, String err) {
    }

    private Run authorize(UnaryOperator<String> operator, String... args) throws Exception {
        PipedWriter typing = new PipedWriter();
        BufferedReader in = new BufferedReader(new PipedReader(typing));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return Authorize.run(args, in, printed, new PrintStream(err, true, StandardCharsets.UTF_8), NO_ENVIRONMENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        Matcher address = ADDRESS.matcher("");
        while (!status.isDone() && !(address = ADDRESS.matcher(out.toString(StandardCharsets.UTF_8))).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no address printed: " + out);
            }
            Thread.sleep(20);
        }
        if (!status.isDone()) {
            typing.write(operator.apply(address.group(1)) + "\n");
            typing.flush();
        }
        return new Run(status.get(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What a browser approving at the sandbox ends up showing in its address bar. */
    private String approve(String authorizeAddress) {
        try {
            HttpClient browser = HttpClient.newBuilder().sslContext(sandbox.trust()).followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(authorizeAddress)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, answer.statusCode(), answer.body());
            return answer.headers().firstValue("Location").orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCodeIsExchangedAndTheTokensStoredOwnerOnly() throws Exception {
        Run run = authorize(this::approve, connections.toString(), "sandbox-oauth2");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        Path tokens = folder.resolve("sandbox-oauth2-tokens.json");
        assertTrue(run.out().contains("Authorized. The tokens are in " + tokens + " (readable by "), run.out());
        assertFalse(run.out().contains("oauth-access-") || run.out().contains("oauth-refresh-")
                || run.out().contains(sandbox.oauthClientSecret()), "no token or secret printed");
        assertTrue(run.out().contains("client_id=" + sandbox.oauthClientId()), "the client id is part of the address, as OAuth2 wants");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
        assertEquals(1, sandbox.codesExchanged());
        RecordedCall exchange = sandbox.calls().stream().filter(c -> "OAuth token".equals(c.method())).findFirst().orElseThrow();
        assertNull(exchange.header("Authorization"), "the client goes in the form, as Keap documents, not in HTTP Basic");
        assertTrue(exchange.bodyText().startsWith("client_id=" + sandbox.oauthClientId() + "&client_secret=" + sandbox.oauthClientSecret()
                + "&code=code-"), "the form sent");
        try (ContactLookup client = ContactLookup.create(ConnectionFile.read(connections, NO_ENVIRONMENT).connection("sandbox-oauth2"))) {
            assertEquals(1, client.findByEmail(DemoContacts.JOHN, List.of("Id")).size());
        }
    }

    @Test
    void anAddressWithAnotherStateIsRefusedAndNothingIsExchanged() throws Exception {
        Run run = authorize(address -> approve(address).replaceAll("state=[0-9a-f]+", "state=0123456789abcdef"),
                connections.toString(), "sandbox-oauth2");
        assertEquals(1, run.status());
        assertEquals("cannot authorize: that address does not answer this request (its state does not match, or it has no code); "
                + "run the command again and paste the address Keap sent the browser to\n", run.err());
        assertEquals(0, sandbox.codesExchanged());
        assertFalse(Files.exists(folder.resolve("sandbox-oauth2-tokens.json")));
    }

    @Test
    void aRefusalAtKeapIsReportedAsSuch() throws Exception {
        Run run = authorize(address -> "https://localhost/authorized?error=access_denied&error_description=The+user+denied+access"
                + "&state=" + address.replaceAll(".*state=", ""), connections.toString(), "sandbox-oauth2");
        assertEquals(1, run.status());
        assertEquals("cannot authorize: Keap answered access_denied (The user denied access)\n", run.err());
    }

    @Test
    void aTokenFolderTheCommandCannotWriteStopsItBeforeAnyCodeIsSpent() throws Exception {
        Path blocked = folder.resolve("not-a-folder");
        Files.writeString(blocked, "a file where the token folder should be");
        List<String> lines = Files.readAllLines(connections).stream()
                .map(l -> l.startsWith("sandbox-oauth2:") ? l.replace("@sandbox-oauth2-tokens.json", "@not-a-folder/tokens.json") : l).toList();
        Files.write(connections, lines);
        Run run = authorize(address -> "", connections.toString(), "sandbox-oauth2");
        assertEquals(1, run.status());
        assertEquals("cannot authorize: the folder " + blocked + " of the token file cannot be written by user "
                + System.getProperty("user.name") + " (FileAlreadyExistsException): the app writes each new pair beside the old one, "
                + "so the folder must be writable by the user it runs as\n", run.err());
        assertEquals("", run.out(), "no address printed, no code spent");
    }

    @Test
    void aConnectionWithoutRedirectAddressSaysWhatItNeeds() throws Exception {
        List<String> lines = Files.readAllLines(connections).stream().filter(l -> !l.startsWith("sandbox-oauth2.redirectUri")).toList();
        Files.write(connections, lines);
        Run run = authorize(address -> "", connections.toString(), "sandbox-oauth2");
        assertEquals(1, run.status());
        assertEquals("cannot authorize: connection 'sandbox-oauth2' needs clientId, clientSecret and redirectUri settings "
                + "(see the README, \"OAuth2\")\n", run.err());
        assertEquals(2, Authorize.run(new String[0], null, System.out, new PrintStream(new ByteArrayOutputStream()), NO_ENVIRONMENT));
    }
}
