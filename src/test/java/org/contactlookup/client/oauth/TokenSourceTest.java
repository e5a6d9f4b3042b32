package org.contactlookup.client.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.chain.Credentials;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.TokenRefreshException;
import org.contactlookup.client.transport.HttpEngine;
import org.contactlookup.client.transport.Timer;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token source's timing rules on a clock the test moves, over a real token file and an
 * endpoint that answers at once: when it refreshes, how it takes up another node's pair, and
 * what it does after a failure. The same source against the sandbox's real token endpoint is in
 * OAuthRefreshTest and OAuthSharedTokensTest.
 */
class TokenSourceTest {
    private static final Duration LIFETIME = Duration.ofSeconds(8);

    @TempDir
    Path folder;
    private final ManualScheduler clock = new ManualScheduler();
    /** The refresh tokens the endpoint was sent. */
    private final List<String> sent = new ArrayList<>();
    private final Deque<TokenRefreshException> failures = new ArrayDeque<>();
    private FileTokenStore store;
    private TokenSource source;

    private final RefreshEndpoint endpoint = new RefreshEndpoint() {
        @Override
        public CompletableFuture<Tokens> refresh(Secret refreshToken, Duration limit) {
            sent.add(refreshToken.reveal());
            TokenRefreshException failure = failures.poll();
            return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(pair("" + sent.size()));
        }

        @Override
        public String where() {
            return "the test's endpoint";
        }
    };

    private Tokens pair(String number) {
        Instant now = clock.now();
        return new Tokens(Secret.of("access-" + number), Secret.of("refresh-" + number), now.plus(LIFETIME), now);
    }

    @BeforeEach
    void start() {
        store = new FileTokenStore(folder.resolve("tokens.json"));
        store.save(pair("0"));
        Connection connection = Connection.of("tokens", "tokens", AuthType.OAUTH2, Secret.of("client-secret"));
        CallChain refreshes = CallChain.assemble(connection, (method, maxWait) -> Duration.ZERO, Credentials.NONE, clock);
        source = new TokenSource("tokens", Duration.ofSeconds(30), store, endpoint, refreshes, clock);
        source.start();
    }

    @AfterEach
    void stop() {
        source.close();
    }

    private String header() {
        return source.header().join().value();
    }

    private String stored() {
        return new FileTokenStore(folder.resolve("tokens.json")).load().orElseThrow().accessToken().reveal();
    }

    @Test
    void aPairIsRefreshedAQuarterOfItsLifetimeBeforeItExpiresAndStoredBeforeUse() {
        clock.advance(Duration.ofMillis(5999));
        assertEquals(List.of(), sent);
        assertEquals("Bearer access-0", header());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("refresh-0"), sent);
        assertEquals("access-1", stored());
        assertEquals("Bearer access-1", header());
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of("refresh-0", "refresh-1"), sent, "the next pair at its own quarter before expiry");
    }

    @Test
    void aFailedRefreshIsTriedAgainAfterTheRetryDelayNotAtEveryRefusedCall() {
        failures.add(new TokenRefreshException("tokens: the token endpoint could not connect", TokenRefreshException.Reason.UNREACHABLE, null));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of("refresh-0"), sent);
        assertEquals(TokenRefreshException.Reason.UNREACHABLE, source.status().problem().reason());
        clock.advance(Duration.ofMillis(500));
        Credentials.Header used = source.header().join();
        CompletionException e = assertThrows(CompletionException.class, source.afterRefusal(used).orElseThrow()::join);
        assertEquals(TokenRefreshException.Reason.UNREACHABLE, ((TokenRefreshException) e.getCause()).reason());
        assertEquals(List.of("refresh-0"), sent, "a refused call within the retry delay drives no refresh");
        clock.advance(Duration.ofMillis(500));
        assertEquals(List.of("refresh-0", "refresh-0"), sent, "tried again a second (a tenth of the 2 s left, at least 1 s) later");
        assertEquals("Bearer access-2", header(), "the endpoint's second answer");
        assertEquals(null, source.status().problem());
    }

    @Test
    void aRefusedRefreshTokenIsNeverSentAgain() {
        failures.add(new TokenRefreshException("tokens: invalid_grant", TokenRefreshException.Reason.REFUSED, null));
        clock.advance(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("refresh-0"), sent);
        CompletionException e = assertThrows(CompletionException.class, source.header()::join);
        assertEquals(TokenRefreshException.Reason.REFUSED, ((TokenRefreshException) e.getCause()).reason());
    }

    @Test
    void aPairAnotherNodeStoredIsTakenUpAtTheNextReadAndMovesTheRefresh() {
        clock.advance(Duration.ofSeconds(1));
        new FileTokenStore(folder.resolve("tokens.json")).save(pair("other"));
        clock.advance(Duration.ofSeconds(1)); // the store is read every eighth of the 8 s lifetime
        assertEquals("Bearer access-other", header());
        clock.advance(Duration.ofMillis(4999));
        assertEquals(List.of(), sent, "no refresh at 6 s: the pair obtained at 1 s is due at 7 s");
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("refresh-other"), sent);
    }

    /**
     * A store that fails in a way no store should (as the token file did on a file system without
     * POSIX permissions) right after Keap rotated the pair: the new pair is used, said SEVERE
     * once, and stored at a later try; the retired refresh token is never sent again.
     */
    @Test
    void aRefreshedPairIsKeptAndStoredLaterWhenTheStoreFailsUnexpectedly() {
        source.close();
        AtomicInteger failingSaves = new AtomicInteger(2);
        TokenStore failing = new TokenStore() {
            @Override
            public Optional<Tokens> load() {
                return store.load();
            }

            @Override
            public Tokens save(Tokens tokens) {
                if (failingSaves.getAndDecrement() > 0) {
                    throw new UnsupportedOperationException("'posix:permissions' not supported as initial attribute");
                }
                return store.save(tokens);
            }

            @Override
            public Optional<Lease> tryLease(Duration ttl) {
                return store.tryLease(ttl);
            }

            @Override
            public String describe() {
                return store.describe();
            }
        };
        Connection connection = Connection.of("tokens", "tokens", AuthType.OAUTH2, Secret.of("client-secret"));
        CallChain refreshes = CallChain.assemble(connection, (method, maxWait) -> Duration.ZERO, Credentials.NONE, clock);
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            source = new TokenSource("tokens", Duration.ofSeconds(30), failing, endpoint, refreshes, clock);
            source.start();
            clock.advance(Duration.ofSeconds(6));
            assertEquals(List.of("refresh-0"), sent);
            assertEquals("Bearer access-1", header(), "the new pair is used, not dropped");
            assertEquals("access-0", stored());
            clock.advance(Duration.ofSeconds(2)); // tried again every second (and by the store's read rounds) until it works
            assertEquals("access-1", stored());
            assertEquals(List.of("refresh-0"), sent);
            assertEquals(List.of("SEVERE tokens: the new OAuth2 tokens could not be stored: " + store.describe()
                            + " failed unexpectedly: UnsupportedOperationException; this node uses them and keeps trying to store them",
                    "INFO tokens: the new OAuth2 tokens are now stored in " + store.describe()),
                    log.lines().stream().filter(line -> line.startsWith("SEVERE") || line.contains("stored")).toList(), log.lines().toString());
        }
    }

    @Test
    void aTokenFileThatCannotBeMadeOwnerOnlyIsRefusedAtStart() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(folder.resolve("tokens.zip"), Map.of("create", "true"));
             Timer timer = new Timer("oauth")) {
            Connection connection = Connection.of("oauth", "myapp", AuthType.OAUTH2, Secret.of("client-secret"))
                    .withOAuth(OAuthSettings.of(Secret.of("client-id"), zip.getPath("/tokens.json")));
            CallChain refreshes = CallChain.assemble(connection, (method, maxWait) -> Duration.ZERO, Credentials.NONE, timer);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenSource.start(connection,
                    BudgetStore.inMemory(1), refreshes, timer, new HttpEngine(connection, timer)));
            assertEquals("connection 'oauth' cannot keep its OAuth2 tokens: the token file /tokens.json is on a file system without "
                    + "POSIX permissions, where it cannot be made readable by its owner only: name a token file on one that has them "
                    + "(a local Linux or macOS file system), or keep the tokens in Redis (contactlookup.redis)", e.getMessage());
        }
    }
}
