package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * Rotating a key is writing the new key file, and a broken edit never takes the working
 * connection away: the files are read again every {@code contactlookup.reloadSeconds}.
 */
class ConnectionReloadTest {
    private static final Map<String, String> RELOAD_EVERY_SECOND = Map.of(ContactLookupListener.RELOAD_SECONDS, "1");

    private static Path connectionFile(AppUnderTest app) {
        return Path.of(app.tomcat.context().getServletContext().getInitParameter(ContactLookupListener.CONNECTION_FILE));
    }

    private static void awaitLine(LogCapture log, Predicate<String> line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (log.lines().stream().noneMatch(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such line in " + log.lines());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRotatedKeyFileIsUsedWithoutAReload() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup");
             AppUnderTest app = AppUnderTest.start(org.contactlookup.sandbox.Sandbox.builder().start(), RELOAD_EVERY_SECOND, "sandbox")) {
            AppUnderTest.awaitHealth(app.tomcat, 200);
            Path keyFile = connectionFile(app).resolveSibling("sandbox-api.key");
            Files.writeString(keyFile, "KeapAK-a-key-that-was-revoked\n");
            awaitLine(log, l -> l.equals("INFO connection 'sandbox' reloaded from " + connectionFile(app) + ": its key changed"));
            AppUnderTest.awaitHealth(app.tomcat, 503);
            Files.writeString(keyFile, app.sandbox.apiKey() + "\n");
            AppUnderTest.awaitHealth(app.tomcat, 200);
            WebSession visitor = new WebSession(app.tomcat.base());
            visitor.openForm();
            assertEquals(200, visitor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            assertEquals(2, log.lines().stream().filter(l -> l.startsWith("INFO connection 'sandbox' reloaded from ")).count());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(app.sandbox.apiKey()) || l.contains("a-key-that-was-revoked")),
                    "no key in the log");
        }
    }

    @Test
    void aBrokenEditKeepsTheWorkingConnectionAndSaysWhyOnce() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup");
             AppUnderTest app = AppUnderTest.start(org.contactlookup.sandbox.Sandbox.builder().start(), RELOAD_EVERY_SECOND, "sandbox")) {
            AppUnderTest.awaitHealth(app.tomcat, 200);
            Path file = connectionFile(app);
            List<String> working = Files.readAllLines(file);
            Files.write(file, List.of("sandbox:sandbox:k:@sandbox-api.key:x", "sandbox.endpoint = http://plain.example.com/"));
            String expected = "SEVERE connection 'sandbox' kept as it was: " + file + " no longer gives a usable connection: " + file
                    + " line 2: endpoint 'http://plain.example.com/' must use https: Infusionsoft refuses plain http";
            awaitLine(log, expected::equals);
            Thread.sleep(2500); // two more reads of the same broken file
            // A second, different mistake is said at once: the reloader is alive and read the
            // first broken file all along, yet said it only once.
            Files.write(file, List.of("sandbox:sandbox:k:@sandbox-api.key:x", "sandbox.endpoint = http://plain.example.org/"));
            awaitLine(log, l -> l.startsWith("SEVERE connection 'sandbox' kept as it was: ") && l.contains("http://plain.example.org/"));
            assertEquals(1, log.lines().stream().filter(expected::equals).count(), log.lines().toString());
            WebSession visitor = new WebSession(app.tomcat.base());
            visitor.openForm();
            assertEquals(200, visitor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            Files.write(file, working);
            awaitLine(log, l -> l.equals("INFO " + file + " gives a usable connection again; connection 'sandbox' is as it was before the broken edit"));
            Thread.sleep(2000); // two more reads of the mended file
            // Then a real change, which the reloader takes up: the mended file alone changed nothing.
            List<String> changed = new ArrayList<>(working);
            changed.add("sandbox.readTimeout = 4000ms");
            Files.write(file, changed);
            awaitLine(log, l -> l.equals("INFO connection 'sandbox' reloaded from " + file + ": its settings changed"));
            assertEquals(1, log.lines().stream().filter(l -> l.contains("reloaded from")).count(), log.lines().toString());
            assertEquals(1, log.lines().stream().filter(l -> l.contains("gives a usable connection again")).count(), log.lines().toString());
        }
    }

    @Test
    void aHundredLookupsWithARevokedKeyLogTheFailedConnectionOnceAndItsEndOnce() throws Exception {
        try (LogCapture log = new LogCapture("org.contactlookup");
             AppUnderTest app = AppUnderTest.start(org.contactlookup.sandbox.Sandbox.builder().start(), RELOAD_EVERY_SECOND, "sandbox")) {
            AppUnderTest.awaitHealth(app.tomcat, 200);
            Path keyFile = connectionFile(app).resolveSibling("sandbox-api.key");
            Files.writeString(keyFile, "KeapAK-a-key-that-was-revoked\n");
            AppUnderTest.awaitHealth(app.tomcat, 503);
            WebSession visitor = new WebSession(app.tomcat.base());
            visitor.openForm();
            for (int i = 0; i < 100; i++) {
                assertEquals(502, visitor.lookUp(DemoContacts.JOHN, "John", "Doe").statusCode());
            }
            Files.writeString(keyFile, app.sandbox.apiKey() + "\n");
            AppUnderTest.awaitHealth(app.tomcat, 200);
            List<String> failed = log.lines().stream().filter(l -> l.startsWith("WARNING connection failed through connection 'sandbox': ")).toList();
            assertEquals(1, failed.size(), log.lines().toString());
            assertTrue(failed.get(0).endsWith(": Invalid Key; next check in 1 s"), failed.get(0));
            assertEquals(0, log.lines().stream().filter(l -> l.contains("still failing")).count(), "a summary comes after a minute");
            List<String> over = log.lines().stream().filter(l -> l.startsWith("INFO connection 'sandbox' works again")).toList();
            assertEquals(1, over.size(), log.lines().toString());
            // The hundred lookups and the checks made every second meanwhile, all the same problem.
            java.util.regex.Matcher counted = java.util.regex.Pattern
                    .compile("INFO connection 'sandbox' works again \\((\\d+) more failures since the last line\\)").matcher(over.get(0));
            assertTrue(counted.matches(), over.get(0));
            assertTrue(Integer.parseInt(counted.group(1)) >= 100, over.get(0));
        }
    }
}
