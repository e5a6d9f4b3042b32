package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes with one OAuth2 connection on one Redis (Debian's redis-server): they send the same
 * access token, one of them refreshes each pair (the sandbox refuses a refresh token used twice,
 * and counts it), and neither the nodes restarting nor Redis losing its data loses the token.
 */
class OAuthSharedTokensTest {
    private static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    private static final Duration LIFETIME = Duration.ofSeconds(2);

    @TempDir
    Path folder;
    private Sandbox sandbox;
    private RedisServer redis;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).tokenLifetimes(LIFETIME, Duration.ofDays(45)).start();
        redis = RedisServer.start();
        log = new LogCapture("org.contactlookup");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        redis.close();
        sandbox.close();
    }

    /** One node: its own Redis connections, engine and token file copy, as on its own machine. */
    private final class Node implements AutoCloseable {
        final BudgetStore store = BudgetStore.redis(redis.uri(), null, Duration.ofMillis(200), 2);
        final ContactLookup client;

        Node(String name, Protocol protocol) {
            client = ContactLookup.create(OAuthSandbox.connection(sandbox, folder.resolve(name + "-tokens.json"), protocol), store);
        }

        @Override
        public void close() {
            client.close();
            store.close();
        }
    }

    @Test
    void twoNodesRefreshEachPairOnceAndSurviveRestartsOfBothAndACrashOfRedis() throws Exception {
        OAuthSandbox.authorize(sandbox, folder.resolve("a-tokens.json")); // the operator authorized on node a
        AtomicInteger lookups = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                Protocol protocol = name.equals("a") ? Protocol.XMLRPC : Protocol.REST;
                runs.add(threads.submit(() -> {
                    // Each node runs for 3 lifetimes, restarts, and runs 3 more.
                    for (int life = 0; life < 2; life++) {
                        try (Node node = new Node(name, protocol)) {
                            long end = System.nanoTime() + LIFETIME.multipliedBy(3).toNanos();
                            while (System.nanoTime() < end) {
                                assertEquals(1, node.client.findByEmail(DemoContacts.JOHN, FIELDS).size());
                                lookups.incrementAndGet();
                                Thread.sleep(20);
                            }
                        }
                    }
                    return null;
                }));
            }
            // Between two refreshes of the nodes' first run (they come every 3/4 of a lifetime),
            // Redis crashes and comes back empty.
            Thread.sleep(LIFETIME.multipliedBy(11).dividedBy(10).toMillis());
            redis.kill();
            redis.restart();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double lifetimes = (System.nanoTime() - start) / (double) LIFETIME.toNanos();
        int refreshes = sandbox.refreshesGranted();
        assertEquals(0, sandbox.refreshesRefused(), "no refresh token was presented twice");
        assertEquals(0, sandbox.expiredTokenCalls());
        assertTrue(refreshes >= (int) lifetimes - 1 && refreshes <= (int) Math.ceil(lifetimes / 0.75) + 2,
                refreshes + " refreshes by two nodes in " + lifetimes + " token lifetimes");
        assertTrue(lookups.get() > 200, lookups + " lookups");
        assertTrue(Files.exists(folder.resolve("b-tokens.json")) || refreshes == 0, "node b keeps a copy of what it stored");
        for (String line : log.lines()) {
            assertFalse(line.contains("oauth-access-") || line.contains("oauth-refresh-") || line.contains(sandbox.oauthClientSecret()), line);
        }
        System.out.printf("two nodes, %.1f token lifetimes, Redis restarted once: %d refreshes, %d lookups, 0 refused%n",
                lifetimes, refreshes, lookups.get());
    }
}
