package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.redis.RedisStore;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SharedBudget when Redis dies, hangs or comes back: lookups go on from this node's share of what
 * was left when Redis is gone, a slow Redis opens no second budget, and what the node spent
 * meanwhile is put back.
 */
class RedisBudgetFallbackTest {
    private static final Duration TIMEOUT = Duration.ofMillis(100);
    // What a busy 2-core machine may add to one Redis timeout before the local share answers.
    private static final long SLACK_MILLIS = 150;
    private static final Duration RETRY_EVERY = Duration.ofMillis(300);
    private static final Duration GONE_AFTER = Duration.ofSeconds(2);
    private static RedisServer server;
    private RedisStore store;
    private LogCapture log;
    private Secret apiKey;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    @BeforeEach
    void connect() {
        store = RedisStore.connect(server.uri(), null, TIMEOUT);
        log = new LogCapture("org.contactlookup.client");
        apiKey = Secret.of("KeapAK-fallback-" + UUID.randomUUID());
    }

    @AfterEach
    void close() throws Exception {
        log.close();
        store.close();
        if (!server.isRunning()) {
            server.restart();
        }
    }

    private SharedBudget budget(String... limits) {
        List<RateLimit> parsed = List.of(limits).stream().map(RateLimit::parse).toList();
        return new SharedBudget("crm", new RedisBudget(store, apiKey, parsed), 2, RETRY_EVERY, GONE_AFTER);
    }

    private List<String> lines(String level) {
        return log.lines().stream().filter(l -> l.startsWith(level + " ")).toList();
    }

    private static long timed(ThrowingRunnable action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Reserves, each with {@code maxWait}, until one of them finds Redis back (at most 3 s); a spent share only slows the loop. */
    private static void awaitSharingAgain(SharedBudget budget, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!budget.isShared() && System.nanoTime() < deadline) {
            try {
                budget.reserve("lookup", maxWait);
            } catch (ThrottledException shareSpent) {
                Thread.sleep(20);
            }
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void redisKilledFallsBackToThisNodesShareWithOneWarningAndSharingResumesWithOneLine() throws Exception {
        SharedBudget budget = budget("10/s", "100/min");
        budget.reserve("lookup", Duration.ofSeconds(1));
        assertTrue(budget.isShared());
        server.kill();
        long first = timed(() -> assertEquals(Duration.ZERO, budget.reserve("lookup", Duration.ZERO)));
        assertTrue(first <= TIMEOUT.toMillis() + SLACK_MILLIS, "first reservation after the kill took " + first + " ms");
        assertFalse(budget.isShared());
        // This node's share of 10/s on two nodes is 5/s, paced 200 ms apart.
        for (int i = 1; i < 5; i++) {
            long wait = budget.reserve("lookup", Duration.ofSeconds(1)).toMillis();
            assertTrue(wait > 200 * i - 50 && wait <= 200 * i, "permit " + i + " of the share waits " + wait + " ms");
        }
        assertThrows(ThrottledException.class, () -> budget.reserve("lookup", Duration.ZERO));
        assertEquals(List.of("5/s", "50/min"), budget.localShare().stream().map(RateLimit::toString).toList());
        List<String> warnings = lines("WARNING");
        assertEquals(1, warnings.size(), log.lines().toString());
        assertTrue(warnings.get(0).startsWith("WARNING Connection 'crm' keeps its own share of the limits in memory"
                + " (5/s, 50/min, one of 2 nodes, started from what Redis counted last) until Redis answers again. Redis at " + store.address()
                + " could not be used (timeout 100 ms): JedisConnectionException: "), warnings.get(0));

        server.restart();
        awaitSharingAgain(budget, Duration.ofSeconds(2));
        assertTrue(budget.isShared(), "sharing resumed within 3 s");
        List<String> back = lines("INFO");
        assertEquals(1, back.size(), log.lines().toString());
        java.util.regex.Matcher put = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote("INFO Connection 'crm' shares its limits"
                + " (10/s, 100/min) through Redis at " + store.address() + " again; the ") + "(\\d+) calls this node made meanwhile are counted there")
                .matcher(back.get(0));
        assertTrue(put.matches(), back.get(0));
        // The restarted Redis was empty: now it holds what the node spent while it was away, and the call that resumed sharing.
        assertEquals(100 - Integer.parseInt(put.group(1)) - 1, new RedisBudget(store, apiKey, List.of(RateLimit.parse("100/min")))
                .remaining().orElseThrow().left());
        assertEquals(1, lines("WARNING").size(), log.lines().toString());
        assertTrue(log.lines().stream().noneMatch(line -> line.contains(apiKey.reveal())), log.lines().toString());
    }

    @Test
    void redisKilledWhileFourThreadsReserveCostsNoCallMoreThanOneTimeout() throws Exception {
        SharedBudget budget = budget("1000/s");
        AtomicLong slowest = new AtomicLong();
        AtomicLong permits = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        long end = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(threads.submit(() -> {
                while (System.nanoTime() < end) {
                    long took = timed(() -> budget.reserve("lookup", Duration.ofSeconds(1)));
                    slowest.accumulateAndGet(took, Math::max);
                    permits.incrementAndGet();
                    Thread.sleep(5);
                }
                return null;
            }));
        }
        Thread.sleep(300);
        server.kill();
        Thread.sleep(400);
        assertFalse(budget.isShared());
        server.restart();
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        assertTrue(slowest.get() <= TIMEOUT.toMillis() + SLACK_MILLIS, "slowest reservation took " + slowest + " ms");
        assertTrue(budget.isShared(), "sharing resumed within 500 ms of the restart");
        assertTrue(permits.get() > 4 * 50, "permits: " + permits);
        assertEquals(1, lines("WARNING").size(), log.lines().toString());
        assertEquals(1, lines("INFO").size(), log.lines().toString());
    }

    @Test
    void aSlowRedisOpensNoSecondBudgetItRefusesForOneTimeoutAndThenAtOnce() throws Exception {
        SharedBudget budget = budget("100/s");
        budget.reserve("lookup", Duration.ofSeconds(1));
        String refusal = "lookup was not sent: the limits shared through Redis at " + store.address()
                + " could not be read in time, and a slow Redis opens no second budget";
        server.pause();
        try {
            long first = timed(() -> {
                ThrottledException e = assertThrows(ThrottledException.class, () -> budget.reserve("lookup", Duration.ofSeconds(1)));
                assertEquals(refusal, e.getMessage());
                assertEquals(ThrottledException.Source.BUDGET, e.source());
                assertEquals(java.util.Optional.of(RETRY_EVERY), e.retryAfter());
            });
            assertTrue(first >= TIMEOUT.toMillis() - 5 && first <= TIMEOUT.toMillis() + SLACK_MILLIS,
                    "the call that met the hung Redis took " + first + " ms");
            assertTrue(budget.isShared(), "no fall back for a slow answer");
            assertEquals("redis (not answering in time)", budget.keptIn());
            long next = timed(() -> assertEquals(refusal, assertThrows(ThrottledException.class,
                    () -> budget.reserve("lookup", Duration.ofSeconds(1))).getMessage()));
            assertTrue(next < TIMEOUT.toMillis() / 2, "the next call, inside the retry interval, took " + next + " ms");
        } finally {
            server.resume();
        }
        Thread.sleep(RETRY_EVERY.toMillis());
        budget.reserve("lookup", Duration.ofSeconds(1));
        assertTrue(budget.isShared());
        assertEquals("redis", budget.keptIn());
        assertEquals(List.of(), log.lines(), "nothing fell back, nothing came back");
    }

    @Test
    void aRedisSilentForLongerThanTheGoneAfterIsLeftForTheShare() throws Exception {
        SharedBudget budget = budget("100/s");
        budget.reserve("lookup", Duration.ofSeconds(1));
        server.pause();
        long paused = System.nanoTime();
        try {
            int refused = 0;
            while (budget.isShared()) {
                try {
                    budget.reserve("lookup", Duration.ofSeconds(1));
                } catch (ThrottledException e) {
                    refused++;
                }
                Thread.sleep(20);
            }
            long fellBackAfter = (System.nanoTime() - paused) / 1_000_000;
            assertTrue(fellBackAfter >= GONE_AFTER.toMillis(), "fell back after " + fellBackAfter + " ms");
            assertTrue(refused > 0);
            assertEquals(Duration.ZERO, budget.reserve("lookup", Duration.ZERO).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } finally {
            server.resume();
        }
        assertEquals(1, lines("WARNING").size(), log.lines().toString());
    }

    @Test
    void aRedisThatComesBackEmptyGetsBackWhatItLost() throws Exception {
        SharedBudget budget = budget("1000/s", "20/min");
        for (int i = 0; i < 6; i++) {
            budget.reserve("lookup", Duration.ofSeconds(1));
        }
        server.kill();
        // 14 left, 7 of them this node's: its share of 10 starts with 3 spent.
        assertEquals(7, budget.remaining().orElseThrow().left());
        budget.reserve("lookup", Duration.ofSeconds(1));
        budget.reserve("lookup", Duration.ofSeconds(1));
        server.restart();
        awaitSharingAgain(budget, Duration.ZERO);
        assertTrue(budget.isShared());
        int madeWhileAway = Integer.parseInt(lines("INFO").get(0).replaceAll(".*again; the (\\d+) calls this node made meanwhile.*", "$1"));
        // The empty Redis now holds the call that found it back, the calls made while it was away, and the 6 it had counted.
        assertEquals(20 - 1 - madeWhileAway - 6, new RedisBudget(store, apiKey, List.of(RateLimit.parse("20/min"))).remaining().orElseThrow().left());
    }

    @Test
    void aSpentDayStaysSpentWhenRedisGoes() throws Exception {
        SharedBudget budget = budget("10/s", "4/day");
        for (int i = 0; i < 4; i++) {
            budget.reserve("lookup", Duration.ofSeconds(1));
        }
        server.kill();
        ThrottledException e = assertThrows(ThrottledException.class, () -> budget.reserve("lookup", Duration.ofSeconds(1)));
        assertEquals("lookup was not sent: no permit within 1000 ms under this connection's limits (5/s, 2/day)", e.getMessage());
        assertFalse(budget.isShared());
    }

    @Test
    void aRefusalFromRedisIsAnAnswerNotAFallBack() throws Exception {
        SharedBudget budget = budget("1/10s");
        budget.reserve("lookup", Duration.ZERO);
        ThrottledException refused = assertThrows(ThrottledException.class, () -> budget.reserve("lookup", Duration.ZERO));
        assertEquals("lookup was not sent: no permit within 0 ms under this connection's limits (1/10s, shared through Redis)",
                refused.getMessage());
        assertTrue(budget.isShared());
        assertEquals(List.of(), log.lines());
    }

    @Test
    void whatIsLeftComesFromThisNodesShareWhileRedisIsDown() throws Exception {
        SharedBudget budget = budget("10/s", "6/day");
        budget.reserve("lookup", Duration.ZERO);
        assertEquals(5, budget.remaining().orElseThrow().left());
        server.kill();
        BudgetRemaining local = budget.remaining().orElseThrow();
        assertEquals(RateLimit.parse("3/day"), local.limit());
        assertEquals(2, local.left(), "half of the 5 Redis said were left, rounded down");
        assertFalse(budget.isShared());
    }

    @Test
    void aNodesShareDividesQuotasRoundingDownButKeepsOneAndSpreadsAPoolsRefill() {
        assertEquals(List.of("3/s", "80/min", "10000/day"), SharedBudget.share(
                List.of(RateLimit.parse("10/s"), RateLimit.parse("240/min"), RateLimit.parse("30000/day")), 3)
                .stream().map(RateLimit::toString).toList());
        assertEquals(List.of("1/s", "3333+2/3s"), SharedBudget.share(
                List.of(RateLimit.parse("2/s"), RateLimit.parse("10000+2/s")), 3).stream().map(RateLimit::toString).toList());
    }
}
