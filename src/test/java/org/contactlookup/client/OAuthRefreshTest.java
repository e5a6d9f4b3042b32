package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.TokenRefreshException;
import org.contactlookup.client.oauth.FileTokenStore;
import org.contactlookup.client.oauth.Tokens;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An OAuth2 connection keeps working across many expiries of short-lived access tokens, on both
 * protocols: one refresh per token lifetime at the sandbox, the new pair stored at once, the
 * stored pair picked up again after a restart, and no token or secret in any log line.
 */
class OAuthRefreshTest {
    private static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    private static final Duration LIFETIME = Duration.ofSeconds(2);

    @TempDir
    Path folder;
    private Sandbox sandbox;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).tokenLifetimes(LIFETIME, Duration.ofDays(45)).start();
        log = new LogCapture("org.contactlookup");
    }

    @AfterEach
    void stop() {
        log.close();
        sandbox.close();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void lookupsKeepSucceedingAcrossManyExpiriesWithOneRefreshPerLifetime(Protocol protocol) throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        OAuthSandbox.authorize(sandbox, tokenFile);
        long start = System.nanoTime();
        int lookups = 0;
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, protocol))) {
            while (System.nanoTime() - start < Duration.ofSeconds(7).toNanos()) {
                assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size());
                lookups++;
                Thread.sleep(20);
            }
        }
        double lifetimes = (System.nanoTime() - start) / (double) LIFETIME.toNanos();
        int refreshes = sandbox.refreshesGranted();
        // Each pair is refreshed once, when three quarters of its lifetime have passed: never per
        // lookup, never twice, and never so late that a call met an expired token.
        assertTrue(refreshes >= (int) lifetimes && refreshes <= (int) Math.ceil(lifetimes / 0.75) + 1,
                refreshes + " refreshes in " + lifetimes + " token lifetimes");
        assertEquals(0, sandbox.refreshesRefused());
        assertEquals(0, sandbox.expiredTokenCalls());
        assertTrue(lookups > 100, lookups + " lookups");
        assertStoredPairIsTheLatest(tokenFile);
        assertNoSecretLogged();
    }

    @Test
    void anIdleClientRefreshesOnItsOwn() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        Tokens first = OAuthSandbox.authorize(sandbox, tokenFile);
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            Thread.sleep(LIFETIME.multipliedBy(3).toMillis());
            assertTrue(sandbox.refreshesGranted() >= 3, sandbox.refreshesGranted() + " refreshes while idle");
            Instant inUse = client.tokens().orElseThrow().accessTokenExpiresAt();
            Tokens stored = new FileTokenStore(tokenFile).load().orElseThrow();
            assertTrue(first.olderThan(stored));
            // A pair is stored before it is used: the one in use is the stored one, or the one before it.
            assertTrue(!inUse.isAfter(stored.expiresAt()) && inUse.isAfter(Instant.now()), inUse + " in use, " + stored + " stored");
            assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size());
            assertEquals(0, sandbox.expiredTokenCalls(), "the lookup found a valid token waiting");
        }
        assertStoredPairIsTheLatest(tokenFile);
    }

    @Test
    void aRestartInTheMiddleCarriesOnWithTheLatestRefreshToken() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        OAuthSandbox.authorize(sandbox, tokenFile);
        Connection connection = OAuthSandbox.connection(sandbox, tokenFile, Protocol.REST);
        for (int run = 0; run < 3; run++) {
            try (ContactLookup client = ContactLookup.create(connection)) {
                long end = System.nanoTime() + LIFETIME.multipliedBy(2).toNanos();
                while (System.nanoTime() < end) {
                    assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size());
                    Thread.sleep(50);
                }
            }
        }
        assertTrue(sandbox.refreshesGranted() >= 3, sandbox.refreshesGranted() + " refreshes");
        assertEquals(0, sandbox.refreshesRefused());
        assertEquals(0, sandbox.expiredTokenCalls());
        assertStoredPairIsTheLatest(tokenFile);
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        OAuthSandbox.authorize(sandbox, tokenFile);
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            Thread.sleep(LIFETIME.toMillis() + 500);
            assertTrue(client.tokens().orElseThrow().lastRefresh() != null);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        try (var files = Files.list(folder)) {
            assertEquals(List.of("tokens.json", "tokens.json.lock"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStaleRefreshTokenFailsAsRefusedAndIsNotSentAgain(Protocol protocol) throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        Tokens used = OAuthSandbox.fresh(sandbox);
        // Someone else used this refresh token: the sandbox now refuses it.
        Path elsewhere = folder.resolve("elsewhere.json");
        new FileTokenStore(elsewhere).save(used);
        try (ContactLookup other = ContactLookup.create(OAuthSandbox.connection(sandbox, elsewhere, protocol))) {
            Thread.sleep(LIFETIME.toMillis());
        }
        assertTrue(sandbox.refreshesGranted() >= 1);
        new FileTokenStore(tokenFile).save(OAuthSandbox.expiredLongAgo(used));
        int refusedBefore = sandbox.refreshesRefused();
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, protocol))) {
            TokenRefreshException e = assertThrows(TokenRefreshException.class, () -> client.findByEmail(DemoContacts.JOHN, FIELDS));
            assertEquals(TokenRefreshException.Reason.REFUSED, e.reason());
            assertTrue(e.isKeyRefused());
            assertEquals("the token endpoint localhost:" + sandbox.port() + " answered HTTP 400 invalid_request (Invalid Refresh Token)",
                    e.getMessage());
            assertEquals(TokenRefreshException.Reason.REFUSED, client.tokens().orElseThrow().problem().reason());
            for (int i = 0; i < 5; i++) {
                assertThrows(TokenRefreshException.class, () -> client.findByEmail(DemoContacts.JOHN, FIELDS));
            }
        }
        assertEquals(refusedBefore + 1, sandbox.refreshesRefused(), "a refused refresh token is never sent again");
        assertTrue(log.lines().contains("SEVERE oauth: the OAuth2 refresh token was refused: the token endpoint localhost:" + sandbox.port()
                + " answered HTTP 400 invalid_request (Invalid Refresh Token); the access token has expired, so lookups have stopped:"
                + " authorize the application again (README, \"OAuth2\")"), log.lines().toString());
        assertNoSecretLogged();
    }

    @Test
    void aTokenTheServerRefusesIsRefreshedOnceAndTheCallSentAgain() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        Tokens issued = OAuthSandbox.fresh(sandbox);
        // By our clock the token is valid for hours yet; the server has forgotten it.
        new FileTokenStore(tokenFile).save(OAuthSandbox.forgottenByServer(issued));
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size());
            assertEquals(1, sandbox.refreshesGranted());
            assertEquals(0, client.findByEmail("nobody@example.com", FIELDS).size());
            assertEquals(1, sandbox.refreshesGranted());
        }
        assertNotEquals("oauth-access-revoked", new FileTokenStore(tokenFile).load().orElseThrow().accessToken().reveal());
    }

    @Test
    void anUnreachableTokenEndpointLeavesTheTokenInUseUntilItExpiresThenSaysSo() throws Exception {
        // A 6 s lifetime: the refresh is tried at 4.5 s, leaving 1.5 s for a busy machine to look up
        // with the token still valid after the failed refresh (a 2 s lifetime leaves 0.5 s).
        sandbox.close();
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).tokenLifetimes(Duration.ofSeconds(6), Duration.ofDays(45)).start();
        Path tokenFile = folder.resolve("tokens.json");
        Tokens first = OAuthSandbox.authorize(sandbox, tokenFile);
        Connection connection = OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC);
        connection = connection.withOAuth(new OAuthSettings(connection.oauth().clientId(), tokenFile,
                URI.create("https://localhost:1/token"), null, null));
        try (ContactLookup client = ContactLookup.create(connection)) {
            while (client.tokens().orElseThrow().problem() == null) {
                assertTrue(Instant.now().isBefore(first.expiresAt()), "no refresh was tried before the token expired");
                Thread.sleep(20);
            }
            assertTrue(Instant.now().isAfter(first.refreshAt()), "the refresh was tried at its time, not before");
            assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size(), "the access token still works");
            assertEquals(TokenRefreshException.Reason.UNREACHABLE, client.tokens().orElseThrow().problem().reason());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), first.expiresAt()).toMillis()) + 100);
            TokenRefreshException e = assertThrows(TokenRefreshException.class, () -> client.findByEmail(DemoContacts.JOHN, FIELDS));
            assertEquals(TokenRefreshException.Reason.UNREACHABLE, e.reason());
            assertFalse(e.isKeyRefused());
            assertEquals("the token endpoint localhost:1 could not connect: ConnectException", e.getMessage());
        }
        assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARNING oauth: the OAuth2 token could not be refreshed: "
                + "the token endpoint localhost:1 could not connect: ConnectException; the access token stays valid until ")),
                log.lines().toString());
        assertEquals(0, sandbox.expiredTokenCalls(), "an expired token is never sent");
        assertNoSecretLogged();
    }

    @Test
    void refusedCallsDoNotDriveRefreshesWhileTheTokenEndpointFails() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        Tokens issued = OAuthSandbox.fresh(sandbox);
        // Valid for hours by our clock, unknown to the server: every call gets a 401.
        new FileTokenStore(tokenFile).save(OAuthSandbox.forgottenByServer(issued));
        Connection connection = OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC);
        connection = connection.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2)).withOAuth(
                new OAuthSettings(connection.oauth().clientId(), tokenFile,
                        sandbox.silentEndpoint("/token"), null, null));
        try (ContactLookup client = ContactLookup.create(connection)) {
            for (int i = 0; i < 20; i++) {
                InfusionsoftException e = assertThrows(InfusionsoftException.class, () -> client.findByEmail(DemoContacts.JOHN, FIELDS));
                assertTrue(e instanceof TokenRefreshException || e.isKeyRefused(), e.toString());
            }
            assertEquals(1, sandbox.silentConnections(), "one refresh tried, not one per refused call");
            assertEquals(TokenRefreshException.Reason.UNREACHABLE, client.tokens().orElseThrow().problem().reason());
        }
    }

    @Test
    void aTokenEndpointAnswerThatCannotBeUsedEndsTheRefreshAtOnce() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        Tokens issued = OAuthSandbox.fresh(sandbox);
        new FileTokenStore(tokenFile).save(OAuthSandbox.expiredLongAgo(issued));
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            sandbox.injectNext(Fault.raw("{\"access_token\":\"a1\",\"refresh_token\":\"r1\",\"expires_in\":1e300}"));
            long start = System.nanoTime();
            TokenRefreshException e = assertThrows(TokenRefreshException.class, () -> client.findByEmail(DemoContacts.JOHN, FIELDS));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "ended at once, not at the lookup's bound");
            assertEquals("the token endpoint localhost:" + sandbox.port() + " answered 200 without access_token, refresh_token and an "
                    + "expires_in of 1 s to a year", e.getMessage());
            assertEquals(TokenRefreshException.Reason.UNREACHABLE, client.tokens().orElseThrow().problem().reason());
        }
    }

    @Test
    void aDamagedTokenFileDoesNotStopThePairInUseAndIsWrittenWholeAtTheNextRefresh() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        OAuthSandbox.authorize(sandbox, tokenFile);
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            Files.writeString(tokenFile, "{\"access_token\": garbage");
            Thread.sleep(LIFETIME.multipliedBy(2).toMillis());
            assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size());
            assertTrue(sandbox.refreshesGranted() >= 1);
            assertTrue(new FileTokenStore(tokenFile).load().isPresent(), "written whole again");
        }
        assertTrue(log.lines().stream().anyMatch(line -> line.equals("WARNING oauth: the token file " + tokenFile
                + " is unusable: it is not JSON; the access token in use stays valid until ")
                || line.startsWith("WARNING oauth: the token file " + tokenFile + " is unusable: it is not JSON")), log.lines().toString());
        assertEquals(0, sandbox.refreshesRefused());
        assertEquals(0, sandbox.expiredTokenCalls());
    }

    @Test
    void closingDuringARefreshStoresTheNewPairAndGivesTheLeaseBack() throws Exception {
        Path tokenFile = folder.resolve("tokens.json");
        Tokens issued = OAuthSandbox.fresh(sandbox);
        new FileTokenStore(tokenFile).save(OAuthSandbox.expiredLongAgo(issued));
        Connection connection = OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC);
        ContactLookup first = ContactLookup.create(connection);
        sandbox.injectNext(Fault.delay(Duration.ofSeconds(1))); // the refresh answers slowly
        first.findByEmailAsync(DemoContacts.JOHN, FIELDS); // needs a refresh first
        Thread.sleep(300);
        first.close(); // a redeploy in the middle of the refresh
        assertEquals(1, sandbox.refreshesGranted());
        Tokens stored = new FileTokenStore(tokenFile).load().orElseThrow();
        assertTrue(issued.olderThan(stored) || !stored.refreshToken().equals(issued.refreshToken()), "the rotated pair was stored");
        long start = System.nanoTime();
        try (ContactLookup second = ContactLookup.create(connection)) {
            assertEquals(1, second.findByEmail(DemoContacts.JOHN, FIELDS).size());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "no wait for a lease left behind");
        assertEquals(0, sandbox.refreshesRefused());
    }

    @Test
    void noTokensYetSaysToAuthorize() throws Exception {
        Path tokenFile = folder.resolve("never-written.json");
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            TokenRefreshException e = assertThrows(TokenRefreshException.class, client::checkConnection);
            assertEquals(TokenRefreshException.Reason.NOT_AUTHORIZED, e.reason());
            assertEquals("oauth: no OAuth2 tokens in file " + tokenFile + ": authorize the application first", e.getMessage());
            OAuthSandbox.authorize(sandbox, tokenFile);
            Thread.sleep(5_100); // a failed renewal is not tried again on demand for 5 s
            client.checkConnection();
        }
        assertFalse(Files.exists(tokenFile.resolveSibling("never-written.json.tmp")));
    }

    /** The pair in the file still works: its refresh token is the one the sandbox issued last. */
    private void assertStoredPairIsTheLatest(Path tokenFile) throws Exception {
        Tokens stored = new FileTokenStore(tokenFile).load().orElseThrow();
        int refused = sandbox.refreshesRefused();
        try (ContactLookup client = ContactLookup.create(OAuthSandbox.connection(sandbox, tokenFile, Protocol.XMLRPC))) {
            new FileTokenStore(tokenFile).save(new Tokens(stored.accessToken(), stored.refreshToken(),
                    stored.expiresAt(), stored.obtainedAt())); // unchanged: the client refreshes when due
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), stored.expiresAt()).toMillis()) + 300);
            assertEquals(1, client.findByEmail(DemoContacts.JOHN, FIELDS).size());
        }
        assertEquals(refused, sandbox.refreshesRefused());
    }

    private void assertNoSecretLogged() {
        for (String line : log.lines()) {
            assertFalse(line.contains("oauth-access-") || line.contains("oauth-refresh-") || line.contains(sandbox.oauthClientSecret())
                    || line.contains(sandbox.oauthClientId()), line);
        }
    }
}
