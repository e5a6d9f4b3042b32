package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each way Infusionsoft can fail, seen from the page: its status, its words, and its log line. */
class UpstreamFailureTest {
    private static final Pattern REFERENCE = Pattern.compile("<p class=\"reference\">Reference: <code>([0-9a-f]{10})</code></p>");
    private static AppUnderTest app;
    private WebSession session;

    @BeforeAll
    static void start() throws Exception {
        // One attempt per lookup, so that each failure reaches the page as it came.
        app = AppUnderTest.start("sandbox", "sandbox.readTimeout = 700ms", "sandbox.attempts = 1");
        AppUnderTest.awaitHealth(app.tomcat, 200);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void openForm() throws Exception {
        session = new WebSession(app.tomcat.base());
        session.openForm();
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
            app.sandbox.injectNext(Fault.drop());
            assertFailurePage(lookUpJohn(), 502, "Infusionsoft unreachable",
                    "Infusionsoft could not be reached. Please try again later.", log.lines());
        }
    }

    @Test
    void rejectedKeyGives502AndMarksTheConnectionFailed() throws Exception {
        Path conf = Files.createTempDirectory("wrong-key");
        Path file = conf.resolve("connections.cfg");
        Files.writeString(file, "wrongkey:sandbox:k:KeapAK-not-the-key\n"
                + "wrongkey.endpoint = " + app.sandbox.keapEndpoint() + "\n"
                + "wrongkey.trust = " + app.sandbox.certificate() + "\n");
        try (LogCapture log = new LogCapture("org.contactlookup");
             EmbeddedTomcat tomcat = AppUnderTest.startWithout(Map.of(ContactLookupListener.CONNECTION_FILE, file.toString()))) {
            AppUnderTest.awaitHealth(tomcat, 503);
            WebSession visitor = new WebSession(tomcat.base());
            awaitStatusLine(visitor, "Not connected to Infusionsoft: connection failed: the key was refused.");
            assertEquals("{\"status\":\"DOWN\",\"connection\":\"connection failed: the key was refused\"}\n",
                    visitor.get(tomcat.base().resolve("health")).body());
            HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
            assertEquals(502, page.statusCode());
            assertTrue(page.body().contains("Infusionsoft refused this application&#39;s key, so the lookup could not be made."));
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith(
                    "WARNING connection failed through connection 'wrongkey': DataService.getAppSetting failed with fault 2 [InvalidKey]: Invalid Key")),
                    log.lines().toString());
            assertFalse(log.lines().toString().contains("KeapAK-not-the-key"));
        }
    }

    @Test
    void unreachableServerGives502AndHealth503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = Files.createTempDirectory("unreachable").resolve("connections.cfg");
        Files.writeString(file, "gone:sandbox:k:KeapAK-x\ngone.endpoint = https://localhost:" + closedPort + "/crm/xmlrpc/v1\n");
        try (EmbeddedTomcat tomcat = AppUnderTest.startWithout(Map.of(ContactLookupListener.CONNECTION_FILE, file.toString()))) {
            AppUnderTest.awaitHealth(tomcat, 503);
            WebSession visitor = new WebSession(tomcat.base());
            awaitStatusLine(visitor, "Not connected to Infusionsoft: connection failed: the server could not be reached.");
            HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
            assertEquals(502, page.statusCode());
            assertTrue(page.body().contains("Infusionsoft could not be reached."));
        }
    }

    @Test
    void notConfiguredDeploysAndSaysSo() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup");
             EmbeddedTomcat tomcat = AppUnderTest.startWithout(Map.of())) {
            WebSession visitor = new WebSession(tomcat.base());
            HttpResponse<String> form = visitor.openForm();
            assertEquals(200, form.statusCode());
            assertTrue(form.body().contains("<p class=\"status status-not-configured\" id=\"status\">"
                    + "Not set up: no connection is set up. Lookups are unavailable.</p>"));
            HttpResponse<String> health = visitor.get(tomcat.base().resolve("health"));
            assertEquals(503, health.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"connection\":\"no connection is set up\"}\n", health.body());
            HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
            assertEquals(503, page.statusCode());
            assertTrue(page.body().contains("This application is not connected to Infusionsoft: no connection is set up. "
                    + "The administrator needs to set up a connection."));
            assertTrue(log.lines().contains("WARNING no connection is set up: set contactlookup.connectionFile (see the README); "
                    + "every lookup will say so"), log.lines().toString());
        }
    }

    @Test
    void brokenConnectionFileDeploysAndLogsTheProblem() throws Exception {
        Path file = Files.createTempDirectory("broken").resolve("connections.cfg");
        Files.writeString(file, "main:myapp:x:SECRET-IN-BROKEN-LINE\n");
        try (LogCapture log = new LogCapture("org.contactlookup");
             EmbeddedTomcat tomcat = AppUnderTest.startWithout(Map.of(ContactLookupListener.CONNECTION_FILE, file.toString()))) {
            HttpResponse<String> health = new WebSession(tomcat.base()).get(tomcat.base().resolve("health"));
            assertEquals("{\"status\":\"DOWN\",\"connection\":\"the connection settings are wrong\"}\n", health.body());
            assertTrue(log.lines().contains("SEVERE the connection is not set up: " + file
                    + " line 1: unknown type 'x': use i (legacy key), k (Keap API key) or o (OAuth2 token)"), log.lines().toString());
            assertFalse(log.lines().toString().contains("SECRET-IN-BROKEN-LINE"));
        }
    }

    @Test
    void failedCheckIsRetriedUntilItPasses() throws Exception {
        Sandbox sandbox = Sandbox.builder().start();
        // The first check fails (a 500 is not retried); the recheck a second later succeeds.
        sandbox.injectNext(Fault.status(500));
        try (AppUnderTest fresh = AppUnderTest.start(sandbox, "sandbox")) {
            AppUnderTest.awaitHealth(fresh.tomcat, 503);
            AppUnderTest.awaitHealth(fresh.tomcat, 200);
            long checks = fresh.sandbox.calls().stream().filter(c -> "DataService.getAppSetting".equals(c.method())).count();
            assertEquals(2, checks, "one refused check, then one that passed");
        }
    }

    private static void awaitStatusLine(WebSession visitor, String text) throws IOException, InterruptedException {
        String expected = "id=\"status\">" + text.replace("'", "&#39;") + "</p>";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String page = "";
        while (System.nanoTime() < deadline) {
            page = visitor.openForm().body();
            if (page.contains(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status line never became " + text + " in " + page);
    }
}
