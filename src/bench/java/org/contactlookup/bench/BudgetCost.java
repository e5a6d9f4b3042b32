package org.contactlookup.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.contactlookup.testing.RedisServer;

/**
 * What keeping the budget in Redis costs a lookup: the same page with its limits in memory and in
 * a Redis on loopback, measured in memory, Redis, Redis, memory order (half the time each) at 1
 * and 8 users. Run on purpose:
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=org.contactlookup.bench.BudgetCost}.
 */
public final class BudgetCost {
    private BudgetCost() {
    }

    public static void main(String[] args) throws Exception {
        Duration measured = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_SECONDS", "10")));
        Benchmark.logToFile();
        try (RedisServer redis = RedisServer.start();
             Sandbox sandbox = Sandbox.builder().apiQuota(1_000_000, 100_000_000).start()) {
            Path conf = SandboxFiles.write(sandbox, Files.createTempDirectory("bench-budget-cost"));
            Files.write(conf, List.of("sandbox.limits = 1000000/s, 1000000/min, 1000000/day"), StandardOpenOption.APPEND);
            Map<String, String> inMemory = Map.of("contactlookup.connectionFile", conf.toString(), "contactlookup.connection", "sandbox",
                    "contactlookup.visitorLimits", "none", "contactlookup.reveal", "guide");
            Map<String, String> inRedis = Map.of("contactlookup.connectionFile", conf.toString(), "contactlookup.connection", "sandbox",
                    "contactlookup.redis", redis.uri().toString(), "contactlookup.visitorLimits", "none", "contactlookup.reveal", "guide");
            try (EmbeddedTomcat memory = EmbeddedTomcat.start(0, "", inMemory);
                 EmbeddedTomcat shared = EmbeddedTomcat.start(0, "", inRedis)) {
                Benchmark.awaitHealth(memory.base());
                Benchmark.awaitHealth(shared.base());
                LoadRun.run(8, Duration.ofSeconds(8), Duration.ofSeconds(1), Benchmark.pageLookup(memory.base(), 8));
                LoadRun.run(8, Duration.ofSeconds(8), Duration.ofSeconds(1), Benchmark.pageLookup(shared.base(), 8));
                System.out.println("Budget in memory against budget in Redis (loopback), same app, same sandbox; page lookups; limits 1000000/s, /min and /day (three windows, as Keap's key limits)");
                System.out.println("users | memory /s | memory p50 ms | memory p99 ms | Redis /s | Redis p50 ms | Redis p99 ms | p50 added | p99 added");
                for (int users : new int[] {1, 8}) {
                    Duration half = measured.dividedBy(2);
                    LoadRun.Result m1 = LoadRun.run(users, Duration.ofSeconds(2), half, Benchmark.pageLookup(memory.base(), users));
                    LoadRun.Result r1 = LoadRun.run(users, Duration.ofSeconds(2), half, Benchmark.pageLookup(shared.base(), users));
                    LoadRun.Result r2 = LoadRun.run(users, Duration.ofSeconds(2), half, Benchmark.pageLookup(shared.base(), users));
                    LoadRun.Result m2 = LoadRun.run(users, Duration.ofSeconds(2), half, Benchmark.pageLookup(memory.base(), users));
                    LoadRun.Result m = m1.plus(m2);
                    LoadRun.Result r = r1.plus(r2);
                    System.out.printf("%5d | %9.0f | %13.2f | %13.2f | %8.0f | %12.2f | %12.2f | %9.2f | %9.2f%n", users,
                            m.perSecond(), m.percentileMillis(50), m.percentileMillis(99), r.perSecond(), r.percentileMillis(50),
                            r.percentileMillis(99), r.percentileMillis(50) - m.percentileMillis(50),
                            r.percentileMillis(99) - m.percentileMillis(99));
                }
            }
        }
    }
}
