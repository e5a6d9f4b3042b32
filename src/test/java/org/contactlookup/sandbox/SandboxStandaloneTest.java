package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactlookup.client.oauth.Authorize;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's walk-through of the sandbox documentation, run for real: the standalone sandbox
 * started through {@link SandboxMain} in a JVM of its own with the environment variables the docs
 * name, the {@code sandbox-oauth2} connection authorized with the authorize command, the app
 * started on the connection file the sandbox wrote, and the refreshes watched at the counters
 * address. The access tokens last 4 s instead of the docs' 60 s, so three refreshes take seconds.
 */
class SandboxStandaloneTest {
    private static final String LIFETIME_SECONDS = "4";
    private static final Pattern COUNTERS = Pattern.compile("^Counters: (https://localhost:\\d+/sandbox/counters)$");
    private static final Pattern ADDRESS = Pattern.compile("(https://\\S+/app/oauth/authorize\\?\\S+)");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void anOperatorWatchesThreeRefreshesAtTheCountersAddress() throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start(Map.of("SANDBOX_PORT", "0", "SANDBOX_DIR", folder.toString(),
                "SANDBOX_ACCESS_TOKEN_SECONDS", LIFETIME_SECONDS))) {
            HttpClient curl = curl();
            authorize(curl);
            try (EmbeddedTomcat app = app()) {
                Map<String, Object> counters = awaitCounters(curl, sandbox.counters, c -> number(c, "refreshesGranted") >= 3);
                assertEquals(3, number(counters, "refreshesGranted"), counters.toString());
                assertEquals(List.of("requests", "connections", "throttled", "codesExchanged", "refreshesGranted", "refreshesRefused",
                        "expiredTokenCalls"), List.copyOf(counters.keySet()));
                assertEquals(List.of(0, 1, 0, 0), List.of(number(counters, "throttled"), number(counters, "codesExchanged"),
                        number(counters, "refreshesRefused"), number(counters, "expiredTokenCalls")), counters.toString());
                // The authorize page, the code exchange, the app's connection check and the three refreshes, at least.
                assertTrue(number(counters, "requests") >= 6, counters.toString());
                assertTrue(number(counters, "connections") >= 3, counters.toString());
                String health = get(HttpClient.newHttpClient(), app.base().resolve("health")).body();
                assertTrue(health.startsWith("{\"status\":\"UP\",\"connection\":\"connected\"") && health.endsWith(",\"refresh\":\"ok\"}}\n"),
                        health);
            }
        }
    }

    @Test
    void withKeptKeysARestartedSandboxGoesOnRefreshingTheRunningAppsTokens() throws Exception {
        Map<String, String> environment = Map.of("SANDBOX_PORT", Integer.toString(freePort()), "SANDBOX_DIR", folder.toString(),
                "SANDBOX_ACCESS_TOKEN_SECONDS", LIFETIME_SECONDS, "SANDBOX_KEEP_KEYS", "true");
        try (SandboxProcess first = SandboxProcess.start(environment)) {
            HttpClient curl = curl();
            authorize(curl);
            try (EmbeddedTomcat app = app()) {
                awaitCounters(curl, first.counters, c -> number(c, "refreshesGranted") >= 1);
                first.close();
                try (SandboxProcess second = SandboxProcess.start(environment)) {
                    Map<String, Object> counters = awaitCounters(curl(), second.counters, c -> number(c, "refreshesGranted") >= 1);
                    assertEquals(List.of(0, 0, 0), List.of(number(counters, "codesExchanged"), number(counters, "refreshesRefused"),
                            number(counters, "expiredTokenCalls")), "no new authorization, no refused token: " + counters);
                }
            }
        }
        String kept = Files.readString(folder.resolve(SandboxFiles.ISSUED_TOKENS));
        assertTrue(kept.startsWith("{\"client\":\"") && !kept.contains("oauth-"), "digests only: " + kept);
    }

    /** {@code curl --cacert SANDBOX_DIR/sandbox-cert.pem}: trusts the sandbox's certificate, follows no redirect. */
    private HttpClient curl() throws Exception {
        return HttpClient.newBuilder().sslContext(RawHttps.trusting(folder.resolve("sandbox-cert.pem")))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The authorize command, answered with where the sandbox's authorize page redirects (what curl's redirect_url prints). */
    private void authorize(HttpClient curl) throws Exception {
        PipedWriter typing = new PipedWriter();
        BufferedReader in = new BufferedReader(new PipedReader(typing));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String connections = folder.resolve("connections.cfg").toString();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return Authorize.run(new String[] {connections, "sandbox-oauth2"}, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), name -> null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Matcher address = ADDRESS.matcher("");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!status.isDone() && !(address = ADDRESS.matcher(out.toString(StandardCharsets.UTF_8))).find()) {
            assertTrue(System.nanoTime() < deadline, "no address printed: " + out + err);
            Thread.sleep(20);
        }
        HttpResponse<String> approved = get(curl, URI.create(address.group(1)));
        assertEquals(302, approved.statusCode(), approved.body());
        typing.write(approved.headers().firstValue("Location").orElseThrow() + "\n");
        typing.flush();
        assertEquals(0, status.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), out + "" + err);
    }

    /** The app as the launcher runs it given CONTACTLOOKUP_CONNECTIONFILE: no sandbox of its own, the operator's file. */
    private EmbeddedTomcat app() throws Exception {
        return EmbeddedTomcat.start(0, "", Map.of("contactlookup.connectionFile", folder.resolve("connections.cfg").toString(),
                "contactlookup.connection", "sandbox-oauth2", "contactlookup.visitorLimits", "none"));
    }

    private static Map<String, Object> awaitCounters(HttpClient curl, URI address, Predicate<Map<String, Object>> until) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> answer = get(curl, address);
            assertEquals(200, answer.statusCode(), answer.body());
            Map<String, Object> counters = JSON.std.mapFrom(answer.body());
            if (until.test(counters)) {
                return counters;
            }
            assertTrue(System.nanoTime() < deadline, "still " + counters + " after " + PATIENCE.toSeconds() + " s");
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI address) throws Exception {
        return client.send(HttpRequest.newBuilder(address).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int number(Map<String, Object> counters, String name) {
        return ((Number) counters.get(name)).intValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code java -cp ... org.contactlookup.sandbox.SandboxMain} with the given SANDBOX_ variables and no others. */
    private static final class SandboxProcess implements AutoCloseable {
        private final Process process;
        private final List<String> printed = new ArrayList<>();
        private URI counters;

        private SandboxProcess(Process process) {
            this.process = process;
        }

        static SandboxProcess start(Map<String, String> environment) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, SandboxMain.class.getName()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("SANDBOX_"));
            builder.environment().putAll(environment);
            SandboxProcess sandbox = new SandboxProcess(builder.start());
            sandbox.awaitCountersLine();
            return sandbox;
        }

        /** Reads what it prints, on a thread of its own, until the counters address; fails with all it printed otherwise. */
        private void awaitCountersLine() throws Exception {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException e) {
                    lines.add("(output ended: " + e + ")");
                }
            }, "sandbox-output");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (counters == null) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    printed.add(line);
                    Matcher address = COUNTERS.matcher(line);
                    counters = address.matches() ? URI.create(address.group(1)) : null;
                } else if (!process.isAlive() && lines.isEmpty() || System.nanoTime() > deadline) {
                    close();
                    throw new AssertionError("the sandbox printed no counters address:\n" + String.join("\n", printed));
                }
            }
        }

        /** Ctrl-C, as an operator stops it: its shutdown hook closes the sandbox. */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
