package org.contactlookup.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load: {@code users} threads each repeat one action as fast as it completes, for a
 * warm-up and then a measured period. Records every measured latency and outcome.
 */
final class LoadRun {
    /** One user's action; returns an outcome label (an HTTP status, "ok", an exception name). */
    interface Action {
        String run(int user, long iteration) throws Exception;
    }

    /** What one run measured. */
    record Result(int users, double seconds, long[] latenciesMicros, Map<String, Integer> outcomes) {
        double perSecond() {
            return latenciesMicros.length / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesMicros.length - 1, Math.ceil(p / 100 * latenciesMicros.length) - 1);
            return latenciesMicros[Math.max(0, index)] / 1000.0;
        }

        /** Two runs of the same action taken as one. */
        Result plus(Result other) {
            long[] all = new long[latenciesMicros.length + other.latenciesMicros.length];
            System.arraycopy(latenciesMicros, 0, all, 0, latenciesMicros.length);
            System.arraycopy(other.latenciesMicros, 0, all, latenciesMicros.length, other.latenciesMicros.length);
            Arrays.sort(all);
            Map<String, Integer> outcomes = new TreeMap<>(this.outcomes);
            other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            return new Result(users, seconds + other.seconds, all, outcomes);
        }

        double maxMillis() {
            return latenciesMicros.length == 0 ? Double.NaN : latenciesMicros[latenciesMicros.length - 1] / 1000.0;
        }
    }

    private LoadRun() {
    }

    static Result run(int users, Duration warmUp, Duration measured, Action action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users);
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        try {
            List<Callable<List<long[]>>> workers = new ArrayList<>();
            List<Map<String, Integer>> outcomeMaps = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                int user = u;
                Map<String, Integer> outcomes = new TreeMap<>();
                outcomeMaps.add(outcomes);
                workers.add(() -> {
                    List<long[]> samples = new ArrayList<>();
                    long iteration = 0;
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            return samples;
                        }
                        String outcome;
                        try {
                            outcome = action.run(user, iteration++);
                        } catch (Exception e) {
                            outcome = e.getClass().getSimpleName();
                        }
                        long done = System.nanoTime();
                        if (begin >= measureFrom && done <= end) {
                            samples.add(new long[] {(done - begin) / 1000});
                            outcomes.merge(outcome, 1, Integer::sum);
                        }
                    }
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<long[]>> f : pool.invokeAll(workers)) {
                f.get().forEach(s -> all.add(s[0]));
            }
            long[] latencies = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(latencies);
            Map<String, Integer> outcomes = new TreeMap<>();
            outcomeMaps.forEach(m -> m.forEach((k, v) -> outcomes.merge(k, v, Integer::sum)));
            return new Result(users, measured.toNanos() / 1e9, latencies, outcomes);
        } finally {
            pool.shutdownNow();
        }
    }
}
