package org.contactlookup.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;

/** The app in embedded Tomcat, pointed at a sandbox through a real connection file. */
final class AppUnderTest implements AutoCloseable {
    final Sandbox sandbox;
    final EmbeddedTomcat tomcat;

    private AppUnderTest(Sandbox sandbox, EmbeddedTomcat tomcat) {
        this.sandbox = sandbox;
        this.tomcat = tomcat;
    }

    /** A sandbox with room for every test's calls, and the app using its {@code connection}. */
    static AppUnderTest start(String connection, String... extraSettings) throws IOException, LifecycleException {
        return start(Sandbox.builder().apiQuota(10_000, 1_000_000).start(), connection, extraSettings);
    }

    /** The app using {@code connection} of a sandbox already started (and perhaps primed with faults). */
    static AppUnderTest start(Sandbox sandbox, String connection, String... extraSettings) throws IOException, LifecycleException {
        return start(sandbox, Map.of(), connection, extraSettings);
    }

    /** Like {@link #start(Sandbox, String, String...)}, with more of the app's own settings as context parameters. */
    static AppUnderTest start(Sandbox sandbox, Map<String, String> appSettings, String connection, String... extraSettings)
            throws IOException, LifecycleException {
        Path folder = Files.createTempDirectory("app-conf");
        Path file = SandboxFiles.write(sandbox, folder);
        // The client's own limiter would otherwise hold the tests to Keap's 10 calls a second.
        Files.write(file, List.of(connection + ".limits = 100000/s"), StandardOpenOption.APPEND);
        Files.write(file, List.of(extraSettings), StandardOpenOption.APPEND);
        Map<String, String> parameters = new HashMap<>();
        parameters.put(ContactLookupListener.CONNECTION_FILE, file.toString());
        parameters.put(ContactLookupListener.CONNECTION_NAME, connection);
        parameters.put(ContactLookupListener.RECHECK_SECONDS, "1");
        // Every test visitor comes from 127.0.0.1: one share would hold them all (VisitorSharesTest tests shares).
        parameters.put(VisitorShares.LIMITS, "none");
        // The guide's page, as the launcher shows it; the tests of the default ask for it through appSettings.
        parameters.put(Reveal.SETTING, "guide");
        parameters.putAll(appSettings);
        return new AppUnderTest(sandbox, EmbeddedTomcat.start(0, "/contact-lookup", parameters));
    }

    /** The app with the given context parameters and no sandbox. */
    static EmbeddedTomcat startWithout(Map<String, String> parameters) throws IOException, LifecycleException {
        Map<String, String> withoutShares = new HashMap<>(Map.of(VisitorShares.LIMITS, "none"));
        withoutShares.putAll(parameters);
        return EmbeddedTomcat.start(0, "/contact-lookup", withoutShares);
    }

    /** Waits until /health answers {@code status}, or fails after 15 s. */
    /** Waits until {@code /health} says {@code words}: 503 alone may still be "checking the connection". */
    static String awaitHealthSaying(EmbeddedTomcat tomcat, String words) throws IOException, InterruptedException {
        WebSession session = new WebSession(tomcat.base());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = session.get(tomcat.base().resolve("health")).body();
            if (last.contains(words)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("health never said " + words + "; last: " + last);
    }

    static void awaitHealth(EmbeddedTomcat tomcat, int status) throws IOException, InterruptedException {
        WebSession session = new WebSession(tomcat.base());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = session.get(tomcat.base().resolve("health")).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("health stayed " + last + ", expected " + status);
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.close();
        sandbox.close();
    }
}
