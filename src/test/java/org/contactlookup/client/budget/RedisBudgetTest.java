package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.redis.RedisStore;
import org.contactlookup.testing.Budget;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

/** The budget kept in a real redis-server: exact windows, pacing, pools, sharing and its keys. */
class RedisBudgetTest {
    // Generous: these tests are about the script's rules, not about a slow Redis.
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisServer server;
    private static RedisClient inspector;
    private final List<RedisStore> stores = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        inspector = RedisClient.create("127.0.0.1", server.port());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        inspector.close();
        server.close();
    }

    @BeforeEach
    void emptyRedis() {
        inspector.flushAll();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisStore::close);
    }

    /** A new store: another node, with connections of its own. */
    private RedisStore node() {
        RedisStore store = RedisStore.connect(server.uri(), null, TIMEOUT);
        stores.add(store);
        return store;
    }

    private static List<RateLimit> limits(String... texts) {
        return List.of(texts).stream().map(RateLimit::parse).toList();
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    /** Eight threads on two budgets (two nodes) reserve on one key until {@code maxWait} refuses them. */
    private List<RedisBudget.Reservation> reserveFromEightThreads(List<RateLimit> limits, Duration maxWait) throws Exception {
        Secret key = Secret.of("KeapAK-shared-" + UUID.randomUUID());
        List<RedisBudget> budgets = List.of(new RedisBudget(node(), key, limits), new RedisBudget(node(), key, limits));
        List<RedisBudget.Reservation> reserved = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RedisBudget budget = budgets.get(t % 2);
                done.add(threads.submit(() -> {
                    while (true) {
                        try {
                            reserved.add(budget.reserveAt("lookup", maxWait));
                        } catch (ThrottledException e) {
                            return null;
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        return reserved;
    }

    @Test
    void twoBudgetsOnOneKeyNeverHandOutMoreThanTheQuotaInAnyWindow() throws Exception {
        // Reserved ahead, the permit times follow from the rules alone: 20/s paces them 50 ms
        // apart (stricter than 5/200ms's 40 ms), and the 21st waits for the 1st to be 1.25 s
        // old (the period and its arrival margin).
        List<Long> reserved = reserveFromEightThreads(List.of(RateLimit.parse("5/200ms"), RateLimit.parse("20/s")),
                Duration.ofMillis(2500)).stream().map(RedisBudget.Reservation::atMicros).sorted().toList();
        List<Long> nanos = reserved.stream().map(us -> us * 1000).toList();
        assertEquals(4, Budget.busiestWindow(nanos, Duration.ofMillis(200)), "most permits in any 200 ms");
        assertEquals(20, Budget.busiestWindow(nanos, Duration.ofSeconds(1)), "most permits in any 1 s");
        assertTrue(reserved.size() >= 40, "permits within 2.5 s: " + reserved.size());
        for (int i = 1; i < reserved.size(); i++) {
            assertTrue(reserved.get(i) - reserved.get(i - 1) >= 50_000, "paced 50 ms apart: " + reserved);
        }
        for (int i = 20; i < reserved.size(); i++) {
            assertEquals(reserved.get(i - 20) + 1_250_000, reserved.get(i), "permit " + i + " waits for permit " + (i - 20));
        }
    }

    @Test
    void concurrentReservationsFromTwoBudgetsNeverOvergrantAQuota() throws Exception {
        // A quota longer than a second is not paced: the whole quota may go at once, and no more.
        List<RedisBudget.Reservation> reserved = reserveFromEightThreads(List.of(RateLimit.parse("12/2s")), Duration.ZERO);
        assertEquals(12, reserved.size());
        assertTrue(reserved.stream().allMatch(r -> r.waitMicros() == 0), reserved.toString());
    }

    @Test
    void permitsArePacedEvenlyAcrossTwoBudgetsOnOneKey() throws Exception {
        Secret key = Secret.of("KeapAK-paced-" + UUID.randomUUID());
        RedisBudget first = new RedisBudget(node(), key, limits("10/s"));
        RedisBudget second = new RedisBudget(node(), key, limits("10/s"));
        List<Long> reserved = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reserved.add((i % 2 == 0 ? first : second).reserveAt("lookup", Duration.ofSeconds(3)).atMicros());
        }
        // Ten 100 ms apart, then the eleventh waits for the first to be 1.25 s old (the arrival margin).
        for (int i = 1; i < reserved.size(); i++) {
            assertEquals(i % 10 == 0 ? 350_000 : 100_000, reserved.get(i) - reserved.get(i - 1), "gap before permit " + i);
        }
    }

    @Test
    void twoBudgetsOnOneKeyShareOnePermitCount() throws Exception {
        Secret key = Secret.of("KeapAK-same-" + UUID.randomUUID());
        RedisBudget first = new RedisBudget(node(), key, limits("3/10s"));
        RedisBudget second = new RedisBudget(node(), key, limits("3/10s"));
        assertEquals(Duration.ZERO, first.reserve("lookup", Duration.ZERO));
        assertEquals(Duration.ZERO, first.reserve("lookup", Duration.ZERO));
        assertEquals(Duration.ZERO, second.reserve("lookup", Duration.ZERO));
        ThrottledException refused = assertThrows(ThrottledException.class, () -> second.reserve("lookup", Duration.ZERO));
        Duration retryAfter = refused.retryAfter().orElseThrow();
        assertTrue(retryAfter.compareTo(Duration.ofSeconds(10)) > 0 && retryAfter.compareTo(Duration.ofSeconds(11)) <= 0,
                "retry after " + retryAfter);
        assertThrows(ThrottledException.class, () -> first.reserve("lookup", Duration.ZERO));
    }

    @Test
    void budgetsOfDifferentKeysShareNothing() throws Exception {
        RedisStore store = node();
        RedisBudget one = new RedisBudget(store, Secret.of("KeapAK-one-" + UUID.randomUUID()), limits("1/10s"));
        RedisBudget other = new RedisBudget(store, Secret.of("KeapAK-other-" + UUID.randomUUID()), limits("1/10s"));
        assertNotEquals(one.fingerprint(), other.fingerprint());
        assertEquals(Duration.ZERO, one.reserve("lookup", Duration.ZERO));
        assertEquals(Duration.ZERO, other.reserve("lookup", Duration.ZERO));
        assertThrows(ThrottledException.class, () -> one.reserve("lookup", Duration.ZERO));
        assertThrows(ThrottledException.class, () -> other.reserve("lookup", Duration.ZERO));
    }

    @Test
    void aCreditPoolGivesItsBurstThenOneCreditPerInterval() throws Exception {
        RedisBudget pool = new RedisBudget(node(), Secret.of("legacy-" + UUID.randomUUID()), limits("3+1/200ms"));
        long first = pool.reserveAt("lookup", Duration.ZERO).atMicros();
        assertEquals(0, pool.reserveAt("lookup", Duration.ZERO).waitMicros());
        assertEquals(0, pool.reserveAt("lookup", Duration.ZERO).waitMicros());
        ThrottledException refused = assertThrows(ThrottledException.class, () -> pool.reserve("lookup", Duration.ZERO));
        long retryAfter = micros(refused.retryAfter().orElseThrow());
        assertTrue(retryAfter > 100_000 && retryAfter <= 200_000, "retry after " + retryAfter + " µs");
        assertEquals(first + 200_000, pool.reserveAt("lookup", Duration.ofSeconds(1)).atMicros());
        assertEquals(first + 400_000, pool.reserveAt("lookup", Duration.ofSeconds(1)).atMicros());
    }

    @Test
    void aRefusedReservationReservesNothing() throws Exception {
        Secret key = Secret.of("KeapAK-refused-" + UUID.randomUUID());
        RedisBudget budget = new RedisBudget(node(), key, limits("2/10s", "100+1/s"));
        budget.reserve("lookup", Duration.ZERO);
        budget.reserve("lookup", Duration.ZERO);
        String window = RedisBudget.prefix(budget.fingerprint()) + "window:10000ms";
        String pool = RedisBudget.prefix(budget.fingerprint()) + "pool:1000000us";
        List<Tuple> permits = inspector.zrangeWithScores(window, 0, -1);
        String arrival = inspector.get(pool);
        ThrottledException refused = assertThrows(ThrottledException.class, () -> budget.reserve("lookup", Duration.ofSeconds(1)));
        assertEquals("lookup was not sent: no permit within 1000 ms under this connection's limits (2/10s, 100+1/s,"
                + " shared through Redis)", refused.getMessage());
        assertEquals(ThrottledException.Source.BUDGET, refused.source());
        assertEquals(permits, inspector.zrangeWithScores(window, 0, -1));
        assertEquals(arrival, inspector.get(pool));
    }

    @Test
    void keysInRedisNameTheKeysFingerprintAndNeverTheKey() throws Exception {
        String apiKey = "KeapAK-" + UUID.randomUUID();
        RedisBudget budget = new RedisBudget(node(), Secret.of(apiKey), limits("10/s", "240/min", "30000/day", "10000+2/s"));
        budget.reserve("lookup", Duration.ZERO);
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("contact-lookup budget v1\n" + apiKey).getBytes(StandardCharsets.UTF_8));
        String fingerprint = HexFormat.of().formatHex(digest).substring(0, 16);
        String prefix = "contactlookup:budget:{" + fingerprint + "}:";
        assertEquals(Set.of(prefix + "window:1000ms", prefix + "window:60000ms", prefix + "window:86400000ms",
                prefix + "pool:500000us"), inspector.keys("*"));
        for (String key : inspector.keys("*")) {
            assertFalse(key.contains(apiKey), key);
            String value = key.contains(":window:") ? inspector.zrange(key, 0, -1).toString() : inspector.get(key);
            assertFalse(value.contains(apiKey), value);
            long ttl = inspector.pttl(key);
            long period = key.endsWith("us") ? 500 : Long.parseLong(key.replaceAll(".*:window:(\\d+)ms", "$1"));
            assertTrue(ttl > 0 && ttl <= period + Math.min(1000, period / 4), key + " expires in " + ttl + " ms");
        }
    }

    @Test
    void anIdleBudgetLeavesNothingInRedis() throws Exception {
        RedisBudget budget = new RedisBudget(node(), Secret.of("KeapAK-idle-" + UUID.randomUUID()), limits("2/300ms", "5+1/100ms"));
        budget.reserve("lookup", Duration.ZERO);
        assertEquals(2, inspector.keys("*").size());
        Thread.sleep(500); // the window's 300 ms and its 75 ms arrival margin
        assertEquals(Set.of(), inspector.keys("*"));
    }

    @Test
    void aBudgetOutlivesTheInstanceThatSpentIt() throws Exception {
        Secret key = Secret.of("KeapAK-restart-" + UUID.randomUUID());
        RedisStore before = node();
        RedisBudget spent = new RedisBudget(before, key, limits("3/10s"));
        for (int i = 0; i < 3; i++) {
            spent.reserve("lookup", Duration.ZERO);
        }
        before.close();
        RedisBudget after = new RedisBudget(node(), key, limits("3/10s"));
        ThrottledException refused = assertThrows(ThrottledException.class, () -> after.reserve("lookup", Duration.ofSeconds(1)));
        assertTrue(refused.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(9)) > 0, "retry after " + refused.retryAfter());
    }

    @Test
    void aConnectionThatRedisClosedIsReplacedWithoutAFailure() throws Exception {
        RedisBudget budget = new RedisBudget(node(), Secret.of("KeapAK-closed-" + UUID.randomUUID()), limits("10/s"));
        budget.reserve("lookup", Duration.ofSeconds(1));
        inspector.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal", "SKIPME", "yes");
        budget.reserve("lookup", Duration.ofSeconds(1));
        assertEquals(2, inspector.zcard(RedisBudget.prefix(budget.fingerprint()) + "window:1000ms"));
    }

    @Test
    void theScriptIsSentAgainWhenRedisHasForgottenIt() throws Exception {
        RedisBudget budget = new RedisBudget(node(), Secret.of("KeapAK-flush-" + UUID.randomUUID()), limits("10/s", "5/min"));
        budget.reserve("lookup", Duration.ofSeconds(1));
        inspector.scriptFlush();
        budget.reserve("lookup", Duration.ofSeconds(1));
        inspector.scriptFlush();
        assertEquals(3, budget.remaining().orElseThrow().left());
    }
}
