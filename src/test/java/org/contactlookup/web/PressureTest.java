package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.Budget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The page while Infusionsoft misbehaves or the app is over its budget: what people get, how
 * soon, and (from the sandbox's own record) that the upstream budget was kept. Runs once per
 * protocol.
 */
abstract class PressureTest {
    private static final int USERS = 8;
    /** permitWait 200 ms + deadline 1500 ms, plus room for Tomcat and a loaded 2-core machine. */
    private static final long BOUND_MILLIS = 200 + 1500 + 800;
    private static ExecutorService users;

    @BeforeAll
    static void start() {
        users = Executors.newFixedThreadPool(USERS * 2);
    }

    @AfterAll
    static void stop() {
        users.shutdownNow();
    }

    /** The sandbox connection the app uses. */
    abstract String connection();

    /** Dropped connections that make one attempt fail (the JDK's HTTP client resends a GET once by itself). */
    abstract int dropsPerFailure();

    private AppUnderTest app(Sandbox sandbox, String limits) throws Exception {
        String c = connection();
        AppUnderTest app = AppUnderTest.start(sandbox, c, c + ".limits = " + limits, c + ".permitWait = 200ms",
                c + ".deadline = 1500ms", c + ".readTimeout = 600ms");
        AppUnderTest.awaitHealth(app.tomcat, 200);
        app.sandbox.clearCalls();
        return app;
    }

    /** What each of {@code count} concurrent lookups got: status, Retry-After, and milliseconds taken. */
    private record Answer(int status, String retryAfter, long millis) {
    }

    private static List<Answer> lookUpConcurrently(AppUnderTest app, int count) throws Exception {
        List<Callable<Answer>> lookups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // A different address each, so that no two lookups are coalesced into one call.
            String email = "user" + i + "@example.com";
            lookups.add(() -> {
                WebSession session = new WebSession(app.tomcat.base());
                session.openForm();
                long start = System.nanoTime();
                HttpResponse<String> page = session.lookUp(email, "John", "Doe");
                return new Answer(page.statusCode(), page.headers().firstValue("Retry-After").orElse(null),
                        (System.nanoTime() - start) / 1_000_000);
            });
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : users.invokeAll(lookups)) {
            answers.add(f.get());
        }
        return answers;
    }

    private static Map<Integer, Integer> statuses(List<Answer> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(a -> counts.merge(a.status(), 1, Integer::sum));
        return counts;
    }

    private static void assertWithinBound(List<Answer> answers) {
        long slowest = answers.stream().mapToLong(Answer::millis).max().orElse(0);
        assertTrue(slowest <= BOUND_MILLIS, "slowest answer " + slowest + " ms, bound " + BOUND_MILLIS + " ms");
    }

    private static void assertBudgetKept(Sandbox sandbox, long perSecond) {
        List<Long> arrivals = sandbox.calls().stream().map(RecordedCall::nanos).toList();
        // 200 ms short of a second: calls are stamped after their TLS handshake, on a busy machine.
        int busiest = Budget.busiestWindow(arrivals, Duration.ofMillis(800));
        assertTrue(busiest <= perSecond, "upstream saw " + busiest + " calls within a second, over " + perSecond + "/s");
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("429 storm", (Supplier<Fault>) () -> Fault.throttled("0"), 503),
                Arguments.of("answers slower than the read timeout", (Supplier<Fault>) () -> Fault.delay(Duration.ofMillis(1500)), 504),
                Arguments.of("dropped connections", (Supplier<Fault>) Fault::drop, 502),
                Arguments.of("malformed XML", (Supplier<Fault>) Fault::malformedXml, 502),
                Arguments.of("HTTP 500", (Supplier<Fault>) () -> Fault.status(500), 502));
    }

    @ParameterizedTest(name = "{0} gives {2}")
    @MethodSource("faults")
    void everyUpstreamFaultGivesItsStatusWithinTheBoundAndKeepsTheBudget(String name, Supplier<Fault> fault, int status)
            throws Exception {
        // 40/s paces calls 25 ms apart: every user and every retry gets a permit within its wait.
        try (AppUnderTest app = app(Sandbox.builder().apiQuota(1000, 100_000).start(), "40/s")) {
            for (int i = 0; i < USERS * 3 * dropsPerFailure(); i++) {
                app.sandbox.injectNext(fault.get());
            }
            List<Answer> answers = lookUpConcurrently(app, USERS);
            assertEquals(Map.of(status, USERS), statuses(answers), name);
            if (status == 503) {
                answers.forEach(a -> assertEquals("5", a.retryAfter()));
            }
            assertWithinBound(answers);
            // A GET sent over a kept-alive connection that drops unanswered is resent once by the
            // JDK's HTTP client, outside our limiter: the REST path's one known excess (README).
            boolean resentByTheJdk = name.equals("dropped connections");
            assertBudgetKept(app.sandbox, resentByTheJdk ? 40 * dropsPerFailure() : 40);
        }
    }

    @Test
    void overTheBudgetPeopleGet503WithRetryAfterAndUpstreamStaysWithinIt() throws Exception {
        try (AppUnderTest app = app(Sandbox.builder().apiQuota(1000, 100_000).start(), "3/s")) {
            List<Answer> answers = lookUpConcurrently(app, 16);
            Map<Integer, Integer> statuses = statuses(answers);
            assertEquals(16, statuses.getOrDefault(200, 0) + statuses.getOrDefault(503, 0), statuses.toString());
            assertTrue(statuses.getOrDefault(503, 0) >= 8, "most were refused at once: " + statuses);
            answers.stream().filter(a -> a.status() == 503)
                    .forEach(a -> assertTrue(Integer.parseInt(a.retryAfter()) >= 1, "Retry-After " + a.retryAfter()));
            assertWithinBound(answers);
            assertBudgetKept(app.sandbox, 3);
        }
    }

    @Test
    void formAndHealthKeepAnsweringWhileTheApiIsSlow() throws Exception {
        try (AppUnderTest app = app(Sandbox.builder().apiQuota(1000, 100_000).start(), "100/s")) {
            app.sandbox.setDelay(Duration.ofMillis(1200));
            Future<List<Answer>> stuck = users.submit(() -> lookUpConcurrently(app, USERS));
            Thread.sleep(200);
            WebSession visitor = new WebSession(app.tomcat.base());
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertEquals(200, visitor.openForm().statusCode());
                assertEquals(200, visitor.get(app.tomcat.base().resolve("health")).statusCode());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 500, "form and health took " + millis + " ms while lookups waited");
            }
            List<Answer> answers = stuck.get();
            assertEquals(Map.of(504, USERS), statuses(answers));
            assertWithinBound(answers);
        }
    }
}
