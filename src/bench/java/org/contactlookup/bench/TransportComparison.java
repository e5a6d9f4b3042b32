package org.contactlookup.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;

/**
 * Two builds of the app side by side against one sandbox: each app runs in a JVM of its own
 * (the launcher of its build, from its own folder), the sandbox and the load generator in this
 * one. For 1, 8 and 32 users it prints lookups per second, p50 and p99, the app's CPU time per
 * lookup (its process's user + system time over the lookups it answered) and the upstream
 * connections the sandbox accepted per 1,000 lookups. Run it through {@code compare-builds.sh}.
 *
 * <p>{@code BUILDS} names the builds as {@code label=folder,label=folder}; each folder holds a
 * compiled checkout with its test class path in {@code target/bench-classpath.txt}.
 * {@code BENCH_SECONDS} sets the measured seconds per step and build (default 10).
 */
public final class TransportComparison {
    private static final int[] USERS = {1, 8, 32};

    private TransportComparison() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Path> builds = builds(System.getenv("BUILDS"));
        Duration measured = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_SECONDS", "10")));
        try (Sandbox sandbox = Sandbox.builder().apiQuota(1_000_000, 100_000_000).start()) {
            Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("bench-compare"));
            Files.write(conf, List.of("sandbox.limits = 1000000/s", "sandbox.readTimeout = 5s", "sandbox.deadline = 10s"),
                    StandardOpenOption.APPEND);
            Map<String, AppProcess> apps = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Path> build : builds.entrySet()) {
                    apps.put(build.getKey(), AppProcess.start(build.getKey(), build.getValue(), conf, freePort()));
                }
                for (AppProcess app : apps.values()) {
                    app.awaitListening();
                    Benchmark.awaitHealth(app.page());
                    LoadRun.run(16, Duration.ofSeconds(10), Duration.ofSeconds(1), Benchmark.pageLookup(app.page(), 16));
                }
                System.out.printf("Machine: %d cores, Java %s. Each app in its own JVM; sandbox and load generator in another.%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                System.out.println(" build | users | lookups/s | p50 ms | p99 ms | app CPU ms/lookup | upstream connections/1,000 lookups | outcomes");
                for (int users : USERS) {
                    for (Map.Entry<String, AppProcess> app : apps.entrySet()) {
                        measure(app.getKey(), app.getValue(), sandbox, users, measured);
                    }
                }
            } finally {
                apps.values().forEach(AppProcess::close);
            }
        }
    }

    private static void measure(String label, AppProcess app, Sandbox sandbox, int users, Duration measured) throws Exception {
        LoadRun.Action lookup = Benchmark.pageLookup(app.page(), users);
        LoadRun.run(users, Duration.ofSeconds(2), Duration.ofMillis(1), lookup);
        int connectionsBefore = sandbox.connectionsAccepted();
        long cpuBefore = app.cpuMillis();
        LoadRun.Result result = LoadRun.run(users, Duration.ZERO, measured, lookup);
        double cpu = app.cpuMillis() - cpuBefore;
        int connections = sandbox.connectionsAccepted() - connectionsBefore;
        int lookups = result.latenciesMicros().length;
        System.out.printf("%6s | %5d | %9.0f | %6.1f | %6.1f | %17.2f | %34.0f | %s%n", label, users, result.perSecond(),
                result.percentileMillis(50), result.percentileMillis(99), cpu / lookups, 1000.0 * connections / lookups,
                result.outcomes());
    }

    private static Map<String, Path> builds(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("set BUILDS=label=folder,label=folder (compare-builds.sh does)");
        }
        Map<String, Path> builds = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] labelAndFolder = part.split("=", 2);
            builds.put(labelAndFolder[0].strip(), Path.of(labelAndFolder[1].strip()).toAbsolutePath());
        }
        return builds;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One build's launcher in a JVM of its own, its log in {@code target/}. */
    private record AppProcess(Process process, URI page) {
        static AppProcess start(String label, Path folder, Path conf, int port) throws IOException {
            String classPath = folder.resolve("target/test-classes") + ":" + folder.resolve("target/classes") + ":"
                    + Files.readString(folder.resolve("target/bench-classpath.txt")).strip();
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m"));
            if (System.getenv("BENCH_JFR") != null) {
                // A flight recording of the whole run, written when the app stops: target/bench-LABEL.jfr
                command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + Path.of("target", "bench-" + label + ".jfr").toAbsolutePath());
            }
            command.addAll(List.of("-cp", classPath, "org.contactlookup.launcher.Launcher"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("CONTACTLOOKUP_CONNECTIONFILE", conf.toString());
            builder.environment().put("CONTACTLOOKUP_CONNECTION", "sandbox");
            // The load comes from one address: a visitor's share would refuse it (older builds ignore this).
            builder.environment().put("CONTACTLOOKUP_VISITORLIMITS", "none");
            Path log = Path.of("target", "bench-" + label + ".log").toAbsolutePath();
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new AppProcess(builder.start(), URI.create("http://localhost:" + port + "/"));
        }

        /** Waits until the app's port takes connections: its JVM starts Tomcat first. */
        void awaitListening() throws InterruptedException {
            for (int i = 0; i < 600; i++) {
                try (java.net.Socket socket = new java.net.Socket("localhost", page.getPort())) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("the app on port " + page.getPort() + " never started; see its log in target/");
        }

        /** User plus system CPU time of the app's process so far, from /proc. */
        long cpuMillis() throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime
            return ticks * 10; // the kernel counts in 1/100 s (USER_HZ)
        }

        /** Stops the app as Tomcat would be stopped (SIGTERM), so that a flight recording is written. */
        void close() {
            process.destroy();
            try {
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
