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
import java.util.Map;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures of the connection itself, seen from the page and /health: deployment goes on, and says why. */
class UpstreamFailureTest {

    @ParameterizedTest
    @ValueSource(strings = {"xmlrpc", "rest"})
    void rejectedKeyGives502AndMarksTheConnectionFailed(String protocol) throws Exception {
        Path conf = Files.createTempDirectory("wrong-key");
        Path file = conf.resolve("connections.cfg");
        boolean rest = protocol.equals("rest");
        try (Sandbox sandbox = Sandbox.builder().start();
             LogCapture log = new LogCapture("org.contactlookup")) {
            Files.writeString(file, "wrongkey:sandbox:k:KeapAK-not-the-key\n"
                    + "wrongkey.protocol = " + protocol + "\n"
                    + "wrongkey.endpoint = " + (rest ? sandbox.restEndpoint() : sandbox.keapEndpoint()) + "\n"
                    + "wrongkey.trust = " + sandbox.certificate() + "\n");
            try (EmbeddedTomcat tomcat = AppUnderTest.startWithout(Map.of(ContactLookupListener.CONNECTION_FILE, file.toString()))) {
                AppUnderTest.awaitHealth(tomcat, 503);
                WebSession visitor = new WebSession(tomcat.base());
                awaitStatusLine(visitor, "Not connected to Infusionsoft: connection failed: the key was refused.");
                String health = visitor.get(tomcat.base().resolve("health")).body();
                assertTrue(health.matches("\\{\"status\":\"DOWN\",\"connection\":\"connection failed: the key was refused\","
                        + "\"protocol\":\"" + protocol + "\",\"budget\":\\{\"keptIn\":\"memory\",\"quota\":\"30000/day\","
                        + "\"left\":299\\d\\d,\"nextAt\":\"[-0-9T:]+Z\"}}\n"), health);
                HttpResponse<String> page = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
                assertEquals(502, page.statusCode());
                assertTrue(page.body().contains("Infusionsoft refused this application&#39;s key, so the lookup could not be made."));
                String reason = rest ? "REST GET contacts to localhost:" + sandbox.port() + " failed: HTTP 401: Invalid API key or access token"
                        : "DataService.getAppSetting failed with fault 2 [InvalidKey]: Invalid Key";
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith(
                        "WARNING connection failed through connection 'wrongkey': " + reason)), log.lines().toString());
                assertFalse(log.lines().toString().contains("KeapAK-not-the-key"));
            }
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
    void untrustedCertificatePointsAtTheTrustSettingInHealthAndLog() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start();
             LogCapture log = new LogCapture("org.contactlookup")) {
            Path file = Files.createTempDirectory("untrusted").resolve("connections.cfg");
            Files.writeString(file, "private:sandbox:k:KeapAK-x\nprivate.endpoint = " + sandbox.keapEndpoint() + "\n");
            try (EmbeddedTomcat tomcat = AppUnderTest.startWithout(Map.of(ContactLookupListener.CONNECTION_FILE, file.toString()))) {
                WebSession visitor = new WebSession(tomcat.base());
                awaitStatusLine(visitor, "Not connected to Infusionsoft: connection failed: the server's certificate is not trusted "
                        + "(see the connection's trust setting).");
                String health = visitor.get(tomcat.base().resolve("health")).body();
                assertTrue(health.startsWith("{\"status\":\"DOWN\",\"connection\":\"connection failed: the server's certificate "
                        + "is not trusted (see the connection's trust setting)\","), health);
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARNING connection failed through connection 'private': ")
                        && l.contains("needs that CA's PEM file in the connection's trust setting")), log.lines().toString());
            }
        }
    }

    @Test
    void keyConnectionOnXmlRpcWarnsOfKeapsEndDateAndHowToMove() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup");
             AppUnderTest app = AppUnderTest.start("sandbox")) {
            String file = app.tomcat.context().getServletContext().getInitParameter(ContactLookupListener.CONNECTION_FILE);
            assertTrue(log.lines().contains("WARNING connection 'sandbox' uses XML-RPC, which Keap switches off on 2026-12-31; "
                    + "to move it to REST v2, add this line to " + file + ": sandbox.protocol = rest (and point sandbox.endpoint at "
                    + "the REST v2 base, not " + app.sandbox.keapEndpoint() + "); the app reads the file again within seconds"),
                    log.lines().toString());
        }
        try (LogCapture log = new LogCapture("org.contactlookup");
             AppUnderTest app = AppUnderTest.start("sandbox-rest")) {
            assertTrue(log.lines().stream().noneMatch(l -> l.contains("switches off")), log.lines().toString());
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
