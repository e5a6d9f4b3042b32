package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.catalina.LifecycleException;
import org.contactlookup.client.config.Connection;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.contactlookup.testing.Budget;
import org.contactlookup.testing.CpuHog;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes on one Keap key, one Redis and the sandbox, as an operator runs them: the
 * sandbox's own record of arrivals stays inside Keap's limits however the nodes share the load,
 * across a restart in the middle of a minute, while Redis is frozen or gone for a while, and on
 * a busy machine.
 */
class SeveralNodesTest {
    /** One node: the app in its own embedded Tomcat on a fixed port, so that a restart keeps its address. */
    private static final class Node implements AutoCloseable {
        final int port;
        final Map<String, String> settings;
        volatile EmbeddedTomcat tomcat;

        Node(Path conf, RedisServer redis) throws Exception {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            settings = Map.of(ContactLookupListener.CONNECTION_FILE, conf.toString(), ContactLookupListener.CONNECTION_NAME, "sandbox",
                    ContactLookupListener.RECHECK_SECONDS, "1", ContactLookupListener.REDIS, redis.uri().toString(),
                    ContactLookupListener.NODES, "2", VisitorShares.LIMITS, "none");
            start();
        }

        void start() throws IOException, LifecycleException, InterruptedException {
            tomcat = EmbeddedTomcat.start(port, "/contact-lookup", settings);
        }

        /** The app's address, which a restart keeps. */
        URI base() {
            return URI.create("http://localhost:" + port + "/contact-lookup/");
        }

        void restart() throws Exception {
            tomcat.close();
            start();
        }

        @Override
        public void close() throws LifecycleException {
            tomcat.close();
        }
    }

    private static Path connectionFile(Sandbox sandbox, String... settings) throws IOException {
        Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("nodes"));
        Files.write(conf, List.of(settings), StandardOpenOption.APPEND);
        return conf;
    }

    /** {@code clients} visitors of {@code node}, each looking up new addresses until {@code end}; returns the statuses seen. */
    private static List<Future<List<Integer>>> visit(ExecutorService pool, Node node, int clients, long end, Map<Long, Long> latencies) {
        List<Future<List<Integer>>> visits = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String who = node.port + "-" + c;
            visits.add(pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                WebSession session = null;
                for (int i = 0; System.nanoTime() < end; i++) {
                    try {
                        if (session == null) {
                            session = new WebSession(node.base());
                            session.openForm();
                        }
                        long start = System.nanoTime();
                        HttpResponse<String> page = session.lookUp("n" + who + "-" + i + "@example.com", "Some", "One");
                        latencies.put(start, System.nanoTime() - start);
                        statuses.add(page.statusCode());
                    } catch (IOException restarting) {
                        session = null;
                        Thread.sleep(100);
                    }
                }
                return statuses;
            }));
        }
        return visits;
    }

    private static List<Integer> all(List<Future<List<Integer>>> visits) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<List<Integer>> visit : visits) {
            statuses.addAll(visit.get());
        }
        return statuses;
    }

    private static List<Long> arrivals(Sandbox sandbox) {
        return sandbox.calls().stream().map(RecordedCall::nanos).toList();
    }

    /**
     * Keap's real key limits at their real sizes, counted where Keap counts them (the sandbox's
     * arrival stamps), on a machine kept busy by one spinning process per core: a node restarted
     * at 30 s and Redis frozen for 2 s at 50 s open no second budget and bunch no calls.
     */
    @Test
    void twoNodesOnOneKeyStayInsideKeapsLimitsAtArrivalThroughARestartAFrozenRedisAndABusyMachine() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (RedisServer redis = RedisServer.start();
             Sandbox sandbox = Sandbox.builder().start(); // Keap's key limits: 10/s, 240/min
             LogCapture log = new LogCapture("org.contactlookup");
             Node a = new Node(connectionFile(sandbox), redis);
             Node b = new Node(connectionFile(sandbox), redis);
             CpuHog hog = CpuHog.onEveryCore()) {
            AppUnderTest.awaitHealth(a.tomcat, 200);
            AppUnderTest.awaitHealth(b.tomcat, 200);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(90).toNanos();
            Map<Long, Long> latencies = new ConcurrentHashMap<>();
            List<Future<List<Integer>>> visits = new ArrayList<>(visit(pool, a, 8, end, latencies));
            visits.addAll(visit(pool, b, 8, end, latencies));
            Thread.sleep(Duration.ofSeconds(30).toMillis());
            b.restart();
            Thread.sleep(Duration.ofSeconds(50).toNanos() - (System.nanoTime() - start) > 0
                    ? (Duration.ofSeconds(50).toNanos() - (System.nanoTime() - start)) / 1_000_000 : 0);
            redis.pause();
            Thread.sleep(2000);
            redis.resume();
            assertEquals(Runtime.getRuntime().availableProcessors(), hog.running(), "the machine stayed busy");
            List<Integer> statuses = all(visits);
            List<Long> arrivals = arrivals(sandbox);
            int busiestSecond = Budget.busiestWindow(arrivals, Duration.ofSeconds(1));
            int busiestMinute = Budget.busiestWindow(arrivals, Duration.ofSeconds(60));
            System.out.println("two nodes, 90 s, busy machine, restart at 30 s, Redis frozen 2 s at 50 s: " + arrivals.size()
                    + " calls, busiest 1 s " + busiestSecond + ", busiest 60 s " + busiestMinute + ", answers "
                    + statuses.stream().filter(s -> s == 200).count() + " x 200, " + statuses.stream().filter(s -> s == 503).count()
                    + " x 503, refused by the sandbox " + sandbox.counters().throttled());
            assertTrue(busiestSecond <= 10, busiestSecond + " calls arrived in one second");
            assertTrue(busiestMinute <= 240, busiestMinute + " calls arrived in one minute");
            assertEquals(0, sandbox.counters().throttled(), "the sandbox, like Keap, refused no call");
            assertTrue(arrivals.size() >= 240, "the load used the whole minute's budget: " + arrivals.size() + " calls");
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), statuses.toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("WARNING Connection 'sandbox' keeps its own share")),
                    "a frozen Redis opened no second budget: " + log.lines());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSmallDayQuotaHoldsAcrossARestart() throws Exception {
        try (RedisServer redis = RedisServer.start();
             Sandbox sandbox = Sandbox.builder().start();
             Node node = new Node(connectionFile(sandbox, "sandbox.limits = 10/s, 6/day"), redis)) {
            AppUnderTest.awaitHealth(node.tomcat, 200);
            WebSession session = new WebSession(node.tomcat.base());
            session.openForm();
            int found = 0;
            for (int i = 0; i < 8; i++) {
                if (session.lookUp("day" + i + "@example.com", "Some", "One").statusCode() == 200) {
                    found++;
                }
            }
            assertEquals(5, found, "the connection check took one of the six calls");
            node.restart();
            AppUnderTest.awaitHealth(node.tomcat, 200);
            session = new WebSession(node.tomcat.base());
            session.openForm();
            HttpResponse<String> page = session.lookUp("after@example.com", "Some", "One");
            assertEquals(503, page.statusCode());
            assertTrue(page.body().matches("(?s).*This application has used up the calls to Infusionsoft it may make for now\\. "
                    + "Lookups work again from 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\..*"), page.body());
            String health = session.get(node.tomcat.base().resolve("health")).body();
            assertTrue(health.startsWith("{\"status\":\"UP\",\"connection\":\"not checked: this app's rate limit is spent for now\","
                    + "\"protocol\":\"xmlrpc\",\"budget\":{\"keptIn\":\"redis\",\"quota\":\"6/day\",\"left\":0,\"nextAt\":\""), health);
            assertEquals(6, sandbox.calls().size(), "six calls that day, restart or not");
        }
    }

    /** Looks up {@code count} new addresses one after another; returns how many were answered 200. */
    private static int lookUps(Node node, String prefix, int count) throws Exception {
        WebSession session = new WebSession(node.tomcat.base());
        session.openForm();
        int found = 0;
        for (int i = 0; i < count; i++) {
            found += session.lookUp(prefix + i + "@example.com", "Some", "One").statusCode() == 200 ? 1 : 0;
            Thread.sleep(110); // a visitor's pace, under the key's 10 a second
        }
        return found;
    }

    @Test
    void aFiftyADayQuotaHoldsThroughARedeployARestartAndASixteenSecondRedisOutage() throws Exception {
        try (RedisServer redis = RedisServer.start();
             Sandbox sandbox = Sandbox.builder().apiQuota(10, 240).start(); // no day quota there: our budget alone keeps it
             LogCapture log = new LogCapture("org.contactlookup");
             Node node = new Node(connectionFile(sandbox, "sandbox.limits = 10/s, 50/day"), redis)) {
            AppUnderTest.awaitHealth(node.tomcat, 200);
            int found = lookUps(node, "first", 12);
            node.tomcat.context().reload(); // a redeploy: a new listener, a new client, the same Redis
            AppUnderTest.awaitHealth(node.tomcat, 200);
            found += lookUps(node, "redeployed", 12);
            node.restart();
            AppUnderTest.awaitHealth(node.tomcat, 200);
            found += lookUps(node, "restarted", 12);
            redis.kill();
            long down = System.nanoTime();
            found += lookUps(node, "redis-down", 12);
            Thread.sleep(Math.max(0, Duration.ofSeconds(16).toMillis() - (System.nanoTime() - down) / 1_000_000));
            redis.restart(); // empty: it keeps nothing on disk
            found += lookUps(node, "redis-back", 12);
            int calls = sandbox.calls().size();
            System.out.println("50/day through a redeploy, a restart and a 16 s Redis outage: " + calls + " calls, " + found
                    + " lookups found");
            assertEquals(50, calls, "every call of the day, and not one more");
            assertEquals(47, found, "the three connection checks took the other three");
            assertEquals(0, sandbox.counters().throttled());
            assertEquals(1, log.lines().stream().filter(l -> l.startsWith("WARNING Connection 'sandbox' keeps its own share")).count(),
                    log.lines().toString());
        }
    }

    @Test
    void redisKilledMidRunCostsNoWaitEachNodeKeepsItsShareAndSharingResumes() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (RedisServer redis = RedisServer.start();
             Sandbox sandbox = Sandbox.builder().apiQuota(1000, 100_000).start();
             LogCapture log = new LogCapture("org.contactlookup")) {
            Path conf = connectionFile(sandbox, "sandbox.limits = 20/s");
            try (Node a = new Node(conf, redis); Node b = new Node(conf, redis)) {
                AppUnderTest.awaitHealth(a.tomcat, 200);
                AppUnderTest.awaitHealth(b.tomcat, 200);
                Map<Long, Long> latencies = new ConcurrentHashMap<>();
                long start = System.nanoTime();
                List<Future<List<Integer>>> visits = new ArrayList<>(visit(pool, a, 4, start + Duration.ofSeconds(8).toNanos(), latencies));
                visits.addAll(visit(pool, b, 4, start + Duration.ofSeconds(8).toNanos(), latencies));
                Thread.sleep(2000);
                redis.kill();
                long killedAt = System.nanoTime();
                Thread.sleep(3000);
                long restartedAt = System.nanoTime();
                redis.restart();
                List<Integer> statuses = all(visits);
                long slowest = latencies.values().stream().mapToLong(Long::longValue).max().orElseThrow() / 1_000_000;
                List<Long> whileDown = arrivals(sandbox).stream()
                        .filter(t -> t > killedAt + Duration.ofMillis(500).toNanos() && t < restartedAt).toList();
                int busiestSecondWhileDown = Budget.busiestWindow(whileDown, Duration.ofSeconds(1));
                System.out.println("Redis down 3 s: slowest lookup " + slowest + " ms, busiest 1 s while down " + busiestSecondWhileDown
                        + ", answers " + statuses.size());
                assertTrue(slowest <= 250 + 100 + 150, "a lookup took " + slowest + " ms (permit wait 250, Redis timeout 100)");
                // Each node's share is paced by its own permits; arrivals may bunch by one per node.
                assertTrue(busiestSecondWhileDown <= 22, busiestSecondWhileDown + " calls in a second, shares of 10/s each");
                assertTrue(busiestSecondWhileDown >= 12, "both nodes kept lookups going: " + busiestSecondWhileDown);
                assertEquals(2, log.lines().stream().filter(l -> l.startsWith("WARNING Connection 'sandbox' keeps its own share")).count(),
                        log.lines().toString());
                awaitShared(a);
                awaitShared(b);
                assertEquals(2, log.lines().stream().filter(l -> l.startsWith("INFO Connection 'sandbox' shares its limits")).count(),
                        log.lines().toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the node's /health says the budget is in Redis again (a lookup or health itself tries Redis). */
    private static void awaitShared(Node node) throws Exception {
        WebSession session = new WebSession(node.tomcat.base());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String health = "";
        while (System.nanoTime() < deadline) {
            health = session.get(node.tomcat.base().resolve("health")).body();
            if (health.contains("\"keptIn\":\"redis\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("sharing did not resume: " + health);
    }
}
