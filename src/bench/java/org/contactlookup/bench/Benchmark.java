package org.contactlookup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.contactlookup.client.InfusionsoftClient;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.config.ConnectionFile;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;

/**
 * Measures the page and the client against the sandbox on this machine, and prints the figures
 * BENCHMARKS.md records. Run on purpose, never by the tests:
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=org.contactlookup.bench.Benchmark}.
 * {@code BENCH_SECONDS} sets the measured seconds per step (default 8).
 */
public final class Benchmark {
    private static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        logToFile();
        Duration measured = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_SECONDS", "8")));
        System.out.printf("Machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"));
        System.out.println("App, sandbox and load generator share this one JVM; every call is HTTPS to the sandbox.");

        try (Sandbox sandbox = Sandbox.builder().apiQuota(1_000_000, 100_000_000).start()) {
            Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("bench"));
            Files.write(conf, List.of("sandbox.limits = 1000000/s", "sandbox.readTimeout = 5s", "sandbox.deadline = 10s"),
                    StandardOpenOption.APPEND);
            try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(0, "", Map.of("contactlookup.connectionFile", conf.toString(),
                    "contactlookup.connection", "sandbox", "contactlookup.visitorLimits", "none", "contactlookup.reveal", "guide"))) {
                InfusionsoftClient client = InfusionsoftClient.create(ConnectionFile.read(conf).connection("sandbox"));
                URI page = tomcat.base();
                awaitHealth(page);
                // Both paths share the JDK's TLS and HTTP code; warm it up before either is measured,
                // or whichever runs second looks faster.
                LoadRun.run(16, Duration.ofSeconds(8), Duration.ofSeconds(1), pageLookup(page, 16));
                LoadRun.run(16, Duration.ofSeconds(8), Duration.ofSeconds(1), (u, i) -> {
                    client.findByEmail(address(u, i), FIELDS);
                    return "ok";
                });
                sandbox.clearCalls();

                System.out.println();
                System.out.println("1. Sandbox answering at once: page against raw client");
                System.out.println("users | page lookups/s | page p50 ms | page p99 ms | client lookups/s | client p50 ms | client p99 ms | page/client");
                for (int users : new int[] {1, 16, 64}) {
                    // Page, client, client, page, half the time each: the JVM keeps getting faster for a
                    // while, and this order gives neither path the later, warmer slot.
                    Duration half = measured.dividedBy(2);
                    LoadRun.Action clientLookup = (u, i) -> {
                        client.findByEmail(address(u, i), FIELDS);
                        return "ok";
                    };
                    LoadRun.Result page1 = LoadRun.run(users, WARM_UP, half, pageLookup(page, users));
                    LoadRun.Result client1 = LoadRun.run(users, WARM_UP, half, clientLookup);
                    LoadRun.Result client2 = LoadRun.run(users, WARM_UP, half, clientLookup);
                    LoadRun.Result page2 = LoadRun.run(users, WARM_UP, half, pageLookup(page, users));
                    LoadRun.Result viaPage = page1.plus(page2);
                    LoadRun.Result viaClient = client1.plus(client2);
                    sandbox.clearCalls();
                    System.out.printf("%5d | %14.0f | %11.1f | %11.1f | %16.0f | %13.1f | %13.1f | %10.0f%%   %s%n", users,
                            viaPage.perSecond(), viaPage.percentileMillis(50), viaPage.percentileMillis(99),
                            viaClient.perSecond(), viaClient.percentileMillis(50), viaClient.percentileMillis(99),
                            100 * viaPage.perSecond() / viaClient.perSecond(), viaPage.outcomes());
                }

                System.out.println();
                System.out.println("2. Sandbox answering in 200 ms; request deadline 10 s");
                System.out.println("users | page lookups/s | p50 ms | p99 ms | max ms | peak JVM threads | outcomes");
                sandbox.setDelay(Duration.ofMillis(200));
                for (int users : new int[] {1, 16, 64}) {
                    ThreadPeak peak = ThreadPeak.start();
                    LoadRun.Result slow = LoadRun.run(users, WARM_UP, measured, pageLookup(page, users));
                    System.out.printf("%5d | %14.0f | %6.0f | %6.0f | %6.0f | %16d | %s%n", users, slow.perSecond(),
                            slow.percentileMillis(50), slow.percentileMillis(99), slow.maxMillis(), peak.stop(), slow.outcomes());
                    sandbox.clearCalls();
                }
                sandbox.setDelay(Duration.ZERO);
            }

            overBudget(sandbox, measured);
            coalescing(sandbox);
        }
    }

    /** Step 3: Keap's API-key limits (10/s, 240/min) against 64 users. */
    private static void overBudget(Sandbox sandbox, Duration measured) throws Exception {
        Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("bench-budget"));
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(0, "", Map.of("contactlookup.connectionFile", conf.toString(),
                "contactlookup.connection", "sandbox", "contactlookup.visitorLimits", "none", "contactlookup.reveal", "guide"))) {
            awaitHealth(tomcat.base());
            sandbox.clearCalls();
            long start = System.nanoTime();
            LoadRun.Result load = LoadRun.run(64, Duration.ZERO, measured, pageLookup(tomcat.base(), 64));
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> arrivals = sandbox.calls().stream().map(RecordedCall::nanos).toList();
            System.out.println();
            System.out.println("3. Over the budget: Keap's API-key limits (10/s, 240/min, 30,000/day), 64 users, " + (int) seconds + " s");
            System.out.printf("page answers/s %.0f, outcomes %s%n", load.perSecond(), load.outcomes());
            System.out.printf("upstream calls the sandbox saw: %d in %.1f s = %.1f/s; busiest 1 s window %d; quota 10/s and 240/min%n",
                    arrivals.size(), seconds, arrivals.size() / seconds,
                    org.contactlookup.testing.Budget.busiestWindow(arrivals, Duration.ofSeconds(1)));
        }
    }

    /** Step 4: 100 identical lookups at once, the sandbox answering in 200 ms. */
    private static void coalescing(Sandbox sandbox) throws Exception {
        Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("bench-coalesce"));
        Files.write(conf, List.of("sandbox.limits = 1000000/s"), StandardOpenOption.APPEND);
        InfusionsoftClient client = InfusionsoftClient.create(ConnectionFile.read(conf).connection("sandbox"));
        sandbox.setDelay(Duration.ofMillis(200));
        sandbox.clearCalls();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Object>> lookups = java.util.stream.IntStream.range(0, 100).<Callable<Object>>mapToObj(i -> () -> {
            go.await();
            return client.findByEmail(i % 2 == 0 ? DemoContacts.JOHN : DemoContacts.JOHN.toUpperCase(), FIELDS);
        }).toList();
        List<Future<Object>> results = lookups.stream().map(pool::submit).toList();
        go.countDown();
        for (Future<Object> r : results) {
            r.get();
        }
        pool.shutdownNow();
        sandbox.setDelay(Duration.ZERO);
        System.out.println();
        System.out.printf("4. 100 concurrent identical lookups (mixed case): %d upstream call(s)%n", sandbox.calls().size());
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println();
        System.out.printf("5. Memory: peak resident set of this JVM (app + sandbox + load generator) %s; heap in use after GC %d MiB%n",
                ThreadPeak.peakResident(), heap / (1024 * 1024));
    }

    /** The app logs one line per lookup; as in Tomcat, that goes to a file, not the console. */
    static void logToFile() throws IOException {
        java.util.logging.LogManager.getLogManager().reset();
        Files.createDirectories(Path.of("target"));
        java.util.logging.FileHandler file = new java.util.logging.FileHandler("target/benchmark-app.log");
        file.setFormatter(new java.util.logging.SimpleFormatter());
        java.util.logging.Logger.getLogger("").addHandler(file);
    }

    static LoadRun.Action pageLookup(URI page, int users) throws Exception {
        String[] tokens = new String[users];
        for (int u = 0; u < users; u++) {
            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = TOKEN.matcher(form.body());
            if (!m.find()) {
                throw new IllegalStateException("the form has no token");
            }
            tokens[u] = m.group(1);
        }
        FormPoster[] posters = new FormPoster[users];
        for (int u = 0; u < users; u++) {
            posters[u] = new FormPoster(page.getPort());
        }
        return (user, iteration) -> {
            String token = tokens[user];
            String body = "csrf=" + token + "&email=" + URLEncoder.encode(address(user, iteration), StandardCharsets.UTF_8)
                    + "&first=John&last=Doe";
            try {
                return Integer.toString(posters[user].post(body, token));
            } catch (IOException e) {
                posters[user].close();
                throw e;
            }
        };
    }

    /**
     * A new address for every lookup, so that none is coalesced with another and each costs one
     * upstream call on both paths (the page then says "found no one").
     */
    private static String address(int user, long iteration) {
        return "bench-" + user + "-" + iteration + "@example.com";
    }

    static void awaitHealth(URI page) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (HTTP.send(HttpRequest.newBuilder(page.resolve("health")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the app never became healthy");
    }
}
