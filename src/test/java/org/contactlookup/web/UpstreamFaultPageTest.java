package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * Each way a lookup can fail upstream, seen from the page: its status, its words, and its log
 * line. Runs once per protocol.
 */
abstract class UpstreamFaultPageTest extends PageSuite {
    private static final Pattern REFERENCE = Pattern.compile("<p class=\"reference\">Reference: <code>([0-9a-f]{10})</code></p>");

    /** Dropped connections it takes to make a lookup fail (the JDK's HTTP client resends a GET once by itself). */
    abstract int dropsToFail();

    /** One attempt per lookup, so that each failure reaches the page as it came. */
    @Override
    String[] connectionSettings() {
        return new String[] {connection() + ".readTimeout = 700ms", connection() + ".attempts = 1"};
    }

    private HttpResponse<String> lookUpJohn() throws Exception {
        return session.lookUp(DemoContacts.JOHN, "John", "Doe");
    }

    /** Asserts the page, and that the log line with the page's reference holds no key and no whole address. */
    private void assertFailurePage(HttpResponse<String> page, int status, String title, String message, List<String> log) {
        assertEquals(status, page.statusCode(), page.body());
        assertTrue(page.body().contains("<title>" + title + " · Contact lookup</title>"), page.body());
        assertTrue(page.body().contains("<p class=\"problem\" role=\"alert\">" + message + "</p>"), page.body());
        assertFalse(page.body().contains("Exception") || page.body().contains("at org."), "no internals on the page");
        Matcher reference = REFERENCE.matcher(page.body());
        assertTrue(reference.find(), "the page shows a reference");
        String line = log.stream().filter(l -> l.contains("[ref " + reference.group(1) + "]")).findFirst()
                .orElseThrow(() -> new AssertionError("no log line for the reference in " + log));
        assertTrue(line.startsWith("WARNING lookup for j***@example.com failed in "), line);
        assertFalse(line.contains(DemoContacts.JOHN) || line.contains(app.sandbox.apiKey()), line);
    }

    @Test
    void throttledGives503WithRetryAfter() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup")) {
            app.sandbox.injectNext(Fault.throttled("7"));
            HttpResponse<String> page = lookUpJohn();
            assertFailurePage(page, 503, "Too many lookups",
                    "Infusionsoft is limiting how often this application may ask. Please try again in 7 seconds.", log.lines());
            assertEquals("7", page.headers().firstValue("Retry-After").orElseThrow());
        }
    }

    @Test
    void aRetryAfterPastADayIsCappedAtADayAndLogged() throws Exception {
        for (String far : List.of("Fri, 31 Dec 2100 23:59:59 GMT", "2337645391")) {
            try (LogCapture log = new LogCapture("org.contactlookup")) {
                app.sandbox.injectNext(Fault.throttled(far));
                HttpResponse<String> page = lookUpJohn();
                assertEquals(503, page.statusCode(), page.body());
                assertEquals("86400", page.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(page.body().contains("This application has used up the calls to Infusionsoft it may make for now. "
                        + "Lookups work again from "), page.body());
                assertFalse(page.body().contains("2100"), page.body());
                // WARNING once a minute for one value (the other protocol's run may have said it already), FINE between.
                String line = "Retry-After " + far + " is further away than a day, the longest quota period; waiting a day instead";
                assertTrue(log.lines().contains("WARNING " + line) || log.lines().contains("FINE " + line), String.join("\n", log.lines()));
            }
        }
    }

    @Test
    void throttledWithoutRetryAfterSuggestsFiveSeconds() throws Exception {
        app.sandbox.injectNext(Fault.throttled(null));
        HttpResponse<String> page = lookUpJohn();
        assertEquals(503, page.statusCode());
        assertEquals("5", page.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void slowAnswerGives504() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup")) {
            app.sandbox.injectNext(Fault.delay(Duration.ofMillis(2000)));
            long start = System.nanoTime();
            HttpResponse<String> page = lookUpJohn();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertFailurePage(page, 504, "No answer in time", "Infusionsoft did not answer in time. Please try again shortly.", log.lines());
            assertTrue(millis < 1800, "answered after " + millis + " ms, within the 700 ms read timeout plus overhead");
        }
    }

    @Test
    void serverErrorGives502UnexpectedAnswer() throws Exception {
        for (Fault fault : List.of(Fault.status(500), Fault.status(503), Fault.malformedXml())) {
            try (LogCapture log = new LogCapture("org.contactlookup")) {
                app.sandbox.injectNext(fault);
                assertFailurePage(lookUpJohn(), 502, "Unexpected answer",
                        "Infusionsoft gave an answer this application did not expect. Please try again later.", log.lines());
            }
        }
    }

    @Test
    void droppedConnectionGives502Unreachable() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup")) {
            for (int i = 0; i < dropsToFail(); i++) {
                app.sandbox.injectNext(Fault.drop());
            }
            assertFailurePage(lookUpJohn(), 502, "Infusionsoft unreachable",
                    "Infusionsoft could not be reached. Please try again later.", log.lines());
        }
    }

}
