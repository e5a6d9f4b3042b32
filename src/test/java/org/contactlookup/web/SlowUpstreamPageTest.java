package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that answers too slowly in each way a real one can: it never starts TLS, it hangs,
 * it sends its headers and then nothing, it trickles its answer a byte at a time. Every such
 * lookup is 504 "No answer in time" within the permit wait plus the deadline, whatever the read
 * timeout says. Runs once per protocol.
 */
abstract class SlowUpstreamPageTest extends PageSuite {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** The page's bound: the default permit wait plus the deadline, and a second for the rest. */
    private static final long BOUND_MILLIS = 250 + DEADLINE.toMillis() + 1000;
    /** The path of that connection's endpoint. */
    abstract String endpointPath();

    /** A read timeout far beyond the deadline, so that the deadline is what ends each call. */
    @Override
    String[] connectionSettings() {
        return new String[] {connection() + ".readTimeout = 60s", connection() + ".deadline = " + DEADLINE.toMillis() + "ms"};
    }

    @BeforeEach
    void answerAtOnce() {
        app.sandbox.setDelay(Duration.ZERO);
    }

    private static void assertNoAnswerInTime(HttpResponse<String> page, long millis) {
        assertEquals(504, page.statusCode(), page.body());
        assertTrue(page.body().contains("<title>No answer in time · Contact lookup</title>"), page.body());
        assertTrue(page.body().contains("<p class=\"problem\" role=\"alert\">Infusionsoft did not answer in time. "
                + "Please try again shortly.</p>"), page.body());
        assertTrue(millis >= DEADLINE.toMillis() - 50 && millis <= BOUND_MILLIS,
                "answered after " + millis + " ms; the deadline is " + DEADLINE.toMillis() + " ms");
    }

    private void assertLookupTimesOut(WebSession visitor) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
        assertNoAnswerInTime(page, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void answerTrickledAByteAtATimeGives504WithinTheDeadline() throws Exception {
        app.sandbox.injectNext(Fault.trickle(Duration.ofMillis(100)));
        assertLookupTimesOut(session);
    }

    @Test
    void answerThatStopsAfterItsHeadersGives504WithinTheDeadline() throws Exception {
        app.sandbox.injectNext(Fault.hangAfterHeaders(Duration.ofSeconds(30)));
        assertLookupTimesOut(session);
    }

    @Test
    void upstreamThatNeverAnswersGives504WithinTheDeadline() throws Exception {
        app.sandbox.injectNext(Fault.delay(Duration.ofSeconds(30)));
        assertLookupTimesOut(session);
    }

    @Test
    void serverThatNeverStartsTlsGives504WithinTheDeadline() throws Exception {
        Sandbox sandbox = app.sandbox;
        try (AppUnderTest silent = AppUnderTest.start(Sandbox.builder().start(), connection(),
                connection() + ".readTimeout = 60s", connection() + ".connectTimeout = 60s",
                connection() + ".deadline = " + DEADLINE.toMillis() + "ms",
                connection() + ".endpoint = " + sandbox.silentEndpoint(endpointPath()))) {
            WebSession visitor = new WebSession(silent.tomcat.base());
            visitor.openForm();
            int before = sandbox.silentConnections();
            assertLookupTimesOut(visitor);
            assertTrue(sandbox.silentConnections() > before, "the lookup reached the silent server");
        }
    }

    @Test
    void lookupsPastTheInFlightCapGet503AtOnce() throws Exception {
        try (AppUnderTest capped = AppUnderTest.start(Sandbox.builder().apiQuota(10_000, 1_000_000).start(), connection(),
                connection() + ".maxInFlight = 2", connection() + ".deadline = 2s")) {
            AppUnderTest.awaitHealth(capped.tomcat, 200);
            capped.sandbox.setDelay(Duration.ofSeconds(30));
            capped.sandbox.clearCalls();
            WebSession visitor = new WebSession(capped.tomcat.base());
            visitor.openForm();
            CompletableFuture<HttpResponse<String>> first = visitor.lookUpAsync(DemoContacts.JOHN, "John", "Doe");
            CompletableFuture<HttpResponse<String>> second = visitor.lookUpAsync(DemoContacts.JANE_SECOND_ADDRESS, "Jane", "Roe");
            awaitCalls(capped.sandbox, 2);
            long start = System.nanoTime();
            HttpResponse<String> third = visitor.lookUp(DemoContacts.NOBODY, "No", "Body");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, third.statusCode(), third.body());
            assertEquals("1", third.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(third.body().contains("<p class=\"problem\" role=\"alert\">Too many lookups are waiting for Infusionsoft "
                    + "right now. Please try again in 1 second.</p>"), third.body());
            assertTrue(millis < 1000, "refused after " + millis + " ms");
            assertEquals(2, capped.sandbox.calls().size(), "the refused lookup sent nothing");
            assertEquals(504, first.get().statusCode());
            assertEquals(504, second.get().statusCode());
        }
    }

    /** Waits until the sandbox has received {@code count} calls. */
    static void awaitCalls(Sandbox sandbox, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sandbox.calls().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sandbox saw " + sandbox.calls().size() + " calls, not " + count);
            }
            Thread.sleep(10);
        }
    }
}
