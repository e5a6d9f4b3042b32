package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.Budget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The call policy against the sandbox: limits, retries, deadlines, coalescing and the cache. */
class ResilienceTest {
    private static final List<String> FIELDS = List.of("Id", "FirstName");
    private static Sandbox sandbox;
    private static ExecutorService pool;
    private final List<InfusionsoftClient> opened = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).start();
        pool = Executors.newFixedThreadPool(100);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.clearCalls();
        sandbox.clearFaults();
        sandbox.setDelay(Duration.ZERO);
    }

    @AfterEach
    void closeClients() {
        opened.forEach(InfusionsoftClient::close);
        opened.clear();
    }

    private InfusionsoftClient client(CallPolicy policy) {
        return opened(InfusionsoftClient.create(SandboxConnections.apiKey(sandbox).withPolicy(policy)));
    }

    private InfusionsoftClient opened(InfusionsoftClient client) {
        opened.add(client);
        return client;
    }

    private static CallPolicy generous() {
        return CallPolicy.defaults(AuthType.API_KEY).withLimits(List.of(RateLimit.parse("100000/s")));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static List<Long> arrivals() {
        return sandbox.calls().stream().map(RecordedCall::nanos).toList();
    }

    @Test
    void throttleStormIsRetriedHonouringRetryAfter() throws Exception {
        sandbox.injectNext(Fault.throttled("1"));
        sandbox.injectNext(Fault.throttled(null));
        long start = System.nanoTime();
        assertEquals(List.of(Map.of("Id", 3, "FirstName", "John")), client(generous()).findByEmail(DemoContacts.JOHN, FIELDS));
        assertEquals(3, sandbox.calls().size());
        assertTrue(millisSince(start) >= 1000, "waited the second the server asked for");
    }

    @Test
    void retriesStopAtTheAttemptLimit() {
        for (int i = 0; i < 5; i++) {
            sandbox.injectNext(Fault.throttled("0"));
        }
        ThrottledException e = assertThrows(ThrottledException.class, () -> client(generous()).findByEmail(DemoContacts.JOHN, FIELDS));
        assertEquals(ThrottledException.Source.GATEWAY, e.source());
        assertEquals(3, sandbox.calls().size());
    }

    @Test
    void unavailableAndDroppedReadsAreRetried() throws Exception {
        sandbox.injectNext(Fault.status(503));
        sandbox.injectNext(Fault.drop());
        client(generous()).checkConnection();
        assertEquals(3, sandbox.calls().size());
    }

    @Test
    void unavailableReadWaitsTheRetryAfterItWasGiven() throws Exception {
        sandbox.injectNext(Fault.unavailable("1"));
        long start = System.nanoTime();
        assertEquals(List.of(Map.of("Id", 3, "FirstName", "John")), client(generous()).findByEmail(DemoContacts.JOHN, FIELDS));
        List<Long> times = arrivals();
        assertEquals(2, times.size());
        long gap = (times.get(1) - times.get(0)) / 1_000_000;
        assertTrue(gap >= 1000, "the second try came " + gap + " ms after the first, not the 1 s asked for");
        assertTrue(millisSince(start) >= 1000);
    }

    @Test
    void unavailableWithARetryAfterPastTheDeadlineIsNotRetried() {
        sandbox.injectNext(Fault.unavailable("12"));
        long start = System.nanoTime();
        HttpStatusException e = assertThrows(HttpStatusException.class,
                () -> client(generous().withDeadline(Duration.ofSeconds(5))).findByEmail(DemoContacts.JOHN, FIELDS));
        assertEquals(503, e.status());
        assertEquals(Duration.ofSeconds(12), e.retryAfter().orElseThrow());
        assertEquals(1, sandbox.calls().size(), "a wait of 12 s does not fit a 5 s deadline");
        assertTrue(millisSince(start) < 5000, "took " + millisSince(start) + " ms");
    }

    @Test
    void writesAreSentOnceUnlessTheCallerAsks() throws Exception {
        sandbox.injectNext(Fault.status(503));
        HttpStatusException e = assertThrows(HttpStatusException.class,
                () -> client(generous()).call("ContactService.add", Map.of("FirstName", "Once")));
        assertEquals(503, e.status());
        assertEquals(1, sandbox.calls().size());
        sandbox.clearCalls();
        sandbox.injectNext(Fault.status(503));
        Object id = client(generous()).callRetrying("ContactService.add", Map.of("FirstName", "Twice"));
        assertTrue(id instanceof Integer);
        assertEquals(2, sandbox.calls().size());
    }

    @Test
    void readsAreRecognisedByName() {
        for (String read : List.of("ContactService.load", "ContactService.findByEmail", "DataService.query",
                "DataService.findByField", "DataService.count", "DataService.getAppSetting", "DataService.echo")) {
            assertTrue(InfusionsoftClient.isRead(read), read);
        }
        for (String write : List.of("ContactService.add", "ContactService.update", "DataService.delete", "ContactService.addToGroup")) {
            assertTrue(!InfusionsoftClient.isRead(write), write);
        }
    }

    @Test
    void slowAnswerIsNotRetried() {
        sandbox.injectNext(Fault.delay(Duration.ofMillis(1500)));
        Connection impatient = SandboxConnections.apiKey(sandbox).withPolicy(generous())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300));
        long start = System.nanoTime();
        NetworkException e = assertThrows(NetworkException.class, () -> opened(InfusionsoftClient.create(impatient)).checkConnection());
        assertEquals(NetworkException.Kind.TIMEOUT, e.kind());
        assertEquals(1, sandbox.calls().size());
        assertTrue(millisSince(start) < 1200, "took " + millisSince(start) + " ms");
    }

    @Test
    void deadlineBoundsRetriesAndTheirWaits() {
        sandbox.injectNext(Fault.throttled("5"));
        long start = System.nanoTime();
        ThrottledException e = assertThrows(ThrottledException.class,
                () -> client(generous().withDeadline(Duration.ofSeconds(1))).findByEmail(DemoContacts.JOHN, FIELDS));
        assertEquals(Duration.ofSeconds(5), e.retryAfter().orElseThrow());
        assertEquals(1, sandbox.calls().size(), "no retry when the wait would pass the deadline");
        assertTrue(millisSince(start) < 1000);
    }

    @Test
    void deadlineCapsTheReadTimeout() {
        sandbox.setDelay(Duration.ofMillis(2000));
        long start = System.nanoTime();
        NetworkException e = assertThrows(NetworkException.class,
                () -> client(generous().withDeadline(Duration.ofMillis(400))).checkConnection());
        assertEquals(NetworkException.Kind.TIMEOUT, e.kind());
        long took = millisSince(start);
        assertTrue(took >= 380 && took < 1200, "took " + took + " ms");
    }

    @Test
    void limiterFailsFastWithoutSendingAndKeepsTheBudget() throws Exception {
        CallPolicy policy = generous().withLimits(List.of(RateLimit.parse("5/s"))).withPermitWait(Duration.ofMillis(100));
        InfusionsoftClient limited = client(policy);
        List<Callable<Long>> calls = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < 40; i++) {
            calls.add(() -> {
                long start = System.nanoTime();
                try {
                    limited.call("DataService.echo", "x");
                } catch (ThrottledException e) {
                    assertEquals(ThrottledException.Source.BUDGET, e.source());
                    assertTrue(e.getMessage().startsWith("DataService.echo was not sent: no permit within 100 ms under this "
                            + "connection's limits (5/s)"), e.getMessage());
                    refused.incrementAndGet();
                }
                return millisSince(start);
            });
        }
        long slowest = 0;
        for (Future<Long> f : pool.invokeAll(calls)) {
            slowest = Math.max(slowest, f.get());
        }
        int sent = sandbox.calls().size();
        assertEquals(40, sent + refused.get());
        assertEquals(1, sent, "5/s is paced at one per 200 ms, and the others may wait only 100 ms");
        assertTrue(slowest < 600, "no caller held longer than the permit wait plus a call: " + slowest + " ms");
    }

    @Test
    void perSecondQuotaIsPacedAndLongerQuotasAllowBursts() throws Exception {
        InfusionsoftClient paced = client(generous().withLimits(List.of(RateLimit.parse("10/s"))).withPermitWait(Duration.ofSeconds(2)));
        paced.call("DataService.echo", "warm-up"); // the TLS handshake, so that no call below takes long
        sandbox.clearCalls();
        long pacedStart = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            paced.call("DataService.echo", "x");
        }
        // Six permits 100 ms apart: the sixth is granted 500 ms after the first, however busy the
        // machine; unpaced, six sequential calls take about 30 ms. (Arrival gaps are no measure:
        // a slow first handshake bunches the next arrivals.)
        long pacedMillis = millisSince(pacedStart);
        assertTrue(pacedMillis >= 495, "six calls at 10/s took " + pacedMillis + " ms");
        assertEquals(6, sandbox.calls().size());
        // Evenly, not five at once and then a wait: at most three arrive in any 250 ms.
        assertTrue(Budget.busiestWindow(arrivals(), Duration.ofMillis(250)) <= 3, "arrivals " + arrivals());
        sandbox.clearCalls();
        InfusionsoftClient bursty = client(generous().withLimits(List.of(RateLimit.parse("6/min"))).withPermitWait(Duration.ZERO));
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            bursty.call("DataService.echo", "x");
        }
        assertTrue(millisSince(start) < 1000, "six at once under 6/min");
        assertThrows(ThrottledException.class, () -> bursty.call("DataService.echo", "x"));
    }

    @Test
    void sustainedOverloadNeverExceedsTheBudget() throws Exception {
        CallPolicy policy = generous().withLimits(List.of(RateLimit.parse("10/s"), RateLimit.parse("15/2s")))
                .withPermitWait(Duration.ofMillis(200));
        long created = System.nanoTime();
        InfusionsoftClient limited = client(policy);
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            workers.add(() -> {
                int ok = 0;
                while (System.nanoTime() < end) {
                    try {
                        limited.call("DataService.echo", "x");
                        ok++;
                    } catch (ThrottledException refusedLocally) {
                        // expected under overload
                    }
                }
                return ok;
            });
        }
        int ok = 0;
        for (Future<Integer> f : pool.invokeAll(workers)) {
            ok += f.get();
        }
        double seconds = (System.nanoTime() - created) / 1e9;
        List<Long> seen = arrivals();
        assertEquals(ok, seen.size());
        // Windows 200 ms short of the quota's: a permit is taken before the TLS handshake, arrival
        // stamped after it, on a busy machine. A token bucket's burst-plus-refill would still show
        // 18 in such a window.
        assertTrue(Budget.busiestWindow(seen, Duration.ofMillis(800)) <= 10, "per second: " + Budget.busiestWindow(seen, Duration.ofMillis(800)));
        assertTrue(Budget.busiestWindow(seen, Duration.ofMillis(1800)) <= 15, "per 2 s: " + Budget.busiestWindow(seen, Duration.ofMillis(1800)));
        // 15 in the first two seconds, 15 more in the next two: no more than 30 in under 4 seconds.
        assertTrue(ok <= 30 && ok >= 20, ok + " calls in " + seconds + " s");
    }

    @Test
    void identicalLookupsShareOneCall() throws Exception {
        sandbox.setDelay(Duration.ofMillis(300));
        InfusionsoftClient shared = client(generous());
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<List<Map<String, Object>>>> lookups = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String email = i % 2 == 0 ? DemoContacts.JOHN : DemoContacts.JOHN.toUpperCase();
            lookups.add(() -> {
                go.await();
                return shared.findByEmail(email, FIELDS);
            });
        }
        List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
        for (Callable<List<Map<String, Object>>> lookup : lookups) {
            results.add(pool.submit(lookup));
        }
        go.countDown();
        List<Map<String, Object>> first = results.get(0).get();
        for (Future<List<Map<String, Object>>> r : results) {
            assertSame(first, r.get());
        }
        assertEquals(List.of(Map.of("Id", 3, "FirstName", "John")), first);
        assertEquals(1, sandbox.calls().size());
    }

    @Test
    void sharedFailureReachesEveryWaiter() throws Exception {
        sandbox.setDelay(Duration.ofMillis(300));
        sandbox.injectNext(Fault.status(500));
        InfusionsoftClient shared = client(generous());
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(pool.submit(() -> shared.findByEmail(DemoContacts.JOHN, FIELDS)));
        }
        for (Future<Object> r : results) {
            Exception e = assertThrows(Exception.class, r::get);
            assertTrue(e.getCause() instanceof HttpStatusException, String.valueOf(e.getCause()));
        }
        assertTrue(sandbox.calls().size() <= 2, "calls: " + sandbox.calls().size());
    }

    @Test
    void cacheIsOffByDefaultAndBoundedWhenOn() throws Exception {
        InfusionsoftClient plain = client(generous());
        plain.findByEmail(DemoContacts.JOHN, FIELDS);
        plain.findByEmail(DemoContacts.JOHN, FIELDS);
        assertEquals(2, sandbox.calls().size());

        sandbox.clearCalls();
        InfusionsoftClient caching = client(generous().withCache(Duration.ofSeconds(30), 2));
        caching.findByEmail(DemoContacts.JOHN, FIELDS);
        caching.findByEmail("John.Doe@Example.com", FIELDS);
        assertEquals(1, sandbox.calls().size(), "the second lookup came from the cache");
        caching.findByEmail(DemoContacts.SHARED, FIELDS);
        caching.findByEmail(DemoContacts.NOBODY, FIELDS);
        caching.findByEmail(DemoContacts.JOHN, FIELDS);
        assertEquals(4, sandbox.calls().size(), "a cache of two had to drop the oldest");
    }

    @Test
    void cacheEntriesExpire() throws Exception {
        InfusionsoftClient caching = client(generous().withCache(Duration.ofMillis(200), 10));
        caching.findByEmail(DemoContacts.JOHN, FIELDS);
        Thread.sleep(300);
        caching.findByEmail(DemoContacts.JOHN, FIELDS);
        assertEquals(2, sandbox.calls().size());
    }
}
