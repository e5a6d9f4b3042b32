package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.valves.RemoteIpValve;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.RedisClient;

/**
 * A fair share per visitor: one visitor flooding the page spends only its share, and everybody
 * else goes on. Visitors come through a proxy that names them in X-Forwarded-For, read by
 * Tomcat's RemoteIpValve, as the deployment page tells operators behind a proxy to set up.
 */
class VisitorSharesTest {
    /** The app with Keap's real key limits against a sandbox with Keap's, behind RemoteIpValve. */
    private static EmbeddedTomcat app(Sandbox sandbox, Map<String, String> settings) throws Exception {
        Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("visitors"));
        Map<String, String> parameters = new java.util.HashMap<>(Map.of(ContactLookupListener.CONNECTION_FILE, conf.toString(),
                ContactLookupListener.CONNECTION_NAME, "sandbox", ContactLookupListener.RECHECK_SECONDS, "1"));
        parameters.putAll(settings);
        EmbeddedTomcat tomcat = EmbeddedTomcat.start(0, "/contact-lookup", parameters);
        tomcat.context().getPipeline().addValve(new RemoteIpValve()); // loopback is a trusted proxy by default
        AppUnderTest.awaitHealth(tomcat, 200);
        return tomcat;
    }

    @Test
    void oneVisitorFloodingOnThirtyTwoConnectionsLeavesEveryOtherVisitorsLookupsAnswered() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Sandbox sandbox = Sandbox.builder().start(); // Keap's key limits: 10/s, 240/min
             LogCapture log = new LogCapture("org.contactlookup");
             EmbeddedTomcat tomcat = app(sandbox, Map.of())) { // the default share: 10/min, 200/day
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int connection = c;
                running.add(pool.submit(() -> {
                    WebSession flooder = new WebSession(tomcat.base(), "203.0.113.66");
                    flooder.openForm();
                    for (int i = 0; System.nanoTime() < end; i++) {
                        try {
                            int status = flooder.lookUp("flood" + connection + "-" + i + "@example.com", "Some", "One").statusCode();
                            flood.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        } catch (java.io.IOException closed) {
                            // Tomcat closes a kept-alive connection after 100 requests; a flood meets that often
                            flood.computeIfAbsent(0, s -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<Future<List<Integer>>> others = new ArrayList<>();
            for (int v = 1; v <= 8; v++) {
                String address = "198.51.100." + v;
                long offset = 1000 + v * 500L; // visitors come in their own time, not all in the same 100 ms
                others.add(pool.submit(() -> {
                    WebSession visitor = new WebSession(tomcat.base(), address);
                    visitor.openForm();
                    Thread.sleep(offset);
                    List<Integer> statuses = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        int status;
                        try {
                            status = visitor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode();
                        } catch (java.io.IOException closed) {
                            // The test's one HTTP client pools connections with the flood's, which
                            // Tomcat closes after 100 requests; a browser sends such a form again.
                            status = visitor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode();
                        }
                        statuses.add(status);
                        Thread.sleep(5000);
                    }
                    return statuses;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            List<Integer> everyOther = new ArrayList<>();
            for (Future<List<Integer>> f : others) {
                everyOther.addAll(f.get());
            }
            System.out.println("one visitor on 32 connections for 30 s (0: a closed connection): " + flood + "; 8 others: " + everyOther.size() + " lookups");
            assertTrue(everyOther.size() >= 40, "8 visitors, one lookup every 5 s for about 30 s: " + everyOther.size());
            assertTrue(everyOther.stream().allMatch(s -> s == 200), everyOther.toString());
            // Its share of 10 a minute: 10 at once, then one every 6 s. Those it had were answered, or
            // refused by the connection's own pacing (503) when 32 arrived in the same instant.
            int admitted = flood.getOrDefault(200, new AtomicInteger()).get() + flood.getOrDefault(503, new AtomicInteger()).get();
            assertTrue(admitted >= 14 && admitted <= 15, "the flooding visitor had " + admitted + " lookups: " + flood);
            assertTrue(flood.get(429).get() > 1000, "and was refused the rest at once: " + flood);
            assertTrue(flood.keySet().stream().allMatch(s -> s == 200 || s == 503 || s == 429 || s == 0), flood.toString());
            assertEquals(0, sandbox.counters().throttled(), "Keap's limits were never reached");
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARNING ") && l.contains(" refused for going over a visitor's share")
                    && l.contains("the latest from 203.0.113.66")), "the flood is in the log");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aVisitorPastItsShareIsToldWhenItMayLookUpAgainAndOthersAreNot() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start();
             EmbeddedTomcat tomcat = app(sandbox, Map.of(VisitorShares.LIMITS, "2/min"))) {
            WebSession busy = new WebSession(tomcat.base(), "192.0.2.10");
            busy.openForm();
            assertEquals(200, busy.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            assertEquals(200, busy.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            HttpResponse<String> refused = busy.lookUp(DemoContacts.JOHN, "John", "Doe");
            assertEquals(429, refused.statusCode());
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 29 && retryAfter <= 30, "one lookup back every 30 s: " + retryAfter);
            assertTrue(refused.body().contains("<h1>Too many lookups from you</h1>"), refused.body());
            assertTrue(refused.body().contains("You have made as many lookups as one visitor may for now. You can look up again in "
                    + retryAfter + " seconds."), refused.body());
            WebSession other = new WebSession(tomcat.base(), "192.0.2.11");
            other.openForm();
            assertEquals(200, other.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            // The same /64 is the same visitor; another /64 is not.
            WebSession v6 = new WebSession(tomcat.base(), "2001:db8:1:2::a");
            v6.openForm();
            assertEquals(200, v6.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            WebSession sameSlash64 = new WebSession(tomcat.base(), "2001:db8:1:2:ffff::b");
            sameSlash64.openForm();
            assertEquals(200, sameSlash64.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            WebSession sameHousehold = new WebSession(tomcat.base(), "2001:db8:1:2:1234:5678:9abc:def0");
            sameHousehold.openForm();
            assertEquals(429, sameHousehold.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            WebSession nextDoor = new WebSession(tomcat.base(), "2001:db8:1:3::a");
            nextDoor.openForm();
            assertEquals(200, nextDoor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
        }
    }

    @Test
    void withRedisAVisitorsShareHoldsAcrossNodesUnderAnOpaqueId() throws Exception {
        try (RedisServer redis = RedisServer.start();
             Sandbox sandbox = Sandbox.builder().start();
             EmbeddedTomcat a = app(sandbox, Map.of(VisitorShares.LIMITS, "3/min", ContactLookupListener.REDIS, redis.uri().toString()));
             EmbeddedTomcat b = app(sandbox, Map.of(VisitorShares.LIMITS, "3/min", ContactLookupListener.REDIS, redis.uri().toString()))) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WebSession visitor = new WebSession((i % 2 == 0 ? a : b).base(), "192.0.2.20");
                visitor.openForm();
                statuses.add(visitor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            }
            assertEquals(List.of(200, 200, 200, 429), statuses);
            try (RedisClient inspector = RedisClient.builder().hostAndPort("127.0.0.1", redis.port()).build()) {
                java.util.Set<String> keys = inspector.keys("contactlookup:visitor:*");
                assertEquals(1, keys.size(), keys.toString());
                assertTrue(keys.iterator().next().matches("contactlookup:visitor:\\{[0-9a-f]{24}}:60000ms"), keys.toString());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"192.0.2.7, 192.0.2.7", "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:0:0:0:0/64", "::1, 0:0:0:0:0:0:0:0/64",
            "not-an-address, not-an-address"})
    void aVisitorIsItsAddressOrItsSlash64(String remote, String visitor) {
        assertEquals(visitor, VisitorShares.visitorAddress(remote));
    }

    @Test
    void aBrokenSettingKeepsTheDefaultShareAndSaysWhy() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start();
             LogCapture log = new LogCapture("org.contactlookup");
             EmbeddedTomcat tomcat = app(sandbox, Map.of(VisitorShares.LIMITS, "lots"))) {
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("SEVERE contactlookup.visitorLimits is ignored: rate limit 'lots'")
                    && l.endsWith("; each visitor may make 10/min, 200/day")), log.lines().toString());
        }
    }
}
