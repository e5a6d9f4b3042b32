package org.contactlookup.client.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.redis.KeyFingerprint;
import org.contactlookup.client.redis.LuaScript;
import org.contactlookup.client.redis.RedisStore;

/**
 * A connection's budget kept in Redis, shared by every node, and every later instance, built with
 * the same Keap key; budgets of different keys share nothing. The rules are {@link Limiter}'s,
 * applied by one atomic Lua script per reservation on Redis's clock: at most N permits in any
 * window of a quota's period (plus {@link Budget#arrivalMargin}), quotas of a second or less paced at period/N after the newest
 * permit of any node, credit pools as GCRA, and a permit that would lie further ahead than
 * the caller may wait is not reserved at all.
 *
 * <p>Keys, all under the hash tag of the key's {@link KeyFingerprint}, so that one script's keys
 * sit in one Redis Cluster slot:
 * <ul>
 *   <li>{@code contactlookup:budget:{FP}:window:<period in ms>ms}: a sorted set of permit times
 *       (microseconds since the epoch, Redis's clock) for the quotas of that period; its TTL runs
 *       out a period after the newest permit;</li>
 *   <li>{@code contactlookup:budget:{FP}:pool:<µs between credits>us}: a credit pool's theoretical
 *       arrival time (GCRA); its TTL runs out when the pool is full again.</li>
 * </ul>
 * Quotas of one period share a key and the strictest counts, so nodes whose settings differ
 * still count each other's permits. Thread-safe; the store's connections are shared.
 *
 * @see RedisStore for timeouts; every method here throws {@link RedisStore.Unavailable} when
 *      Redis gives no answer
 */
public final class RedisBudget implements Budget {
    static final String KEY_PREFIX = "contactlookup:budget:";
    private static final LuaScript RESERVE = LuaScript.load("budget-reserve.lua");
    private static final LuaScript REMAINING = LuaScript.load("budget-remaining.lua");
    private static final LuaScript PUT_BACK = LuaScript.load("budget-put-back.lua");
    private static final long PACED_UP_TO_MICROS = 1_000_000;
    private static final Duration LONGEST_WAIT = Duration.ofDays(3650);

    /** A permit reserved for {@code atMicros} on Redis's clock, {@code waitMicros} from its now. */
    record Reservation(long atMicros, long waitMicros) {
    }

    private final RedisStore store;
    private final List<RateLimit> limits;
    private final String fingerprint;
    private final List<String> keys = new ArrayList<>();
    private final List<String> gateArgs = new ArrayList<>();
    private final RateLimit longest;
    private final String longestKey;
    private final String description;
    /** One quota per window key, in key order: the strictest of each period. */
    private final List<RateLimit> windowLimits = new ArrayList<>();
    /** The permits in each window key on Redis's latest answer to a reservation; null before one. */
    private volatile long[] lastCounts;

    public RedisBudget(RedisStore store, Secret apiKey, List<RateLimit> limits) {
        this.store = store;
        this.limits = List.copyOf(limits);
        this.fingerprint = KeyFingerprint.of(apiKey);
        TreeMap<Long, Long> windows = new TreeMap<>();
        TreeMap<Long, Long> pools = new TreeMap<>();
        for (RateLimit limit : this.limits) {
            long period = limit.period().toNanos() / 1000;
            if (limit.period().toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("a limit kept in Redis needs a period of whole milliseconds, not " + limit);
            }
            if (limit.isPool()) {
                pools.merge(period / limit.calls(), limit.pool(), Math::min);
            } else {
                windows.merge(period, limit.calls(), Math::min);
            }
        }
        gateArgs.add(Integer.toString(windows.size()));
        windows.forEach((period, calls) -> {
            windowLimits.add(RateLimit.quota(calls, Duration.of(period, ChronoUnit.MICROS)));
            keys.add(prefix(fingerprint) + "window:" + period / 1000 + "ms");
            gateArgs.addAll(List.of(Long.toString(calls), Long.toString(period + marginMicros(period)),
                    Long.toString(period <= PACED_UP_TO_MICROS ? period / calls : 0)));
        });
        pools.forEach((interval, pool) -> {
            keys.add(prefix(fingerprint) + "pool:" + interval + "us");
            gateArgs.addAll(List.of(Long.toString(interval), Long.toString((pool - 1) * interval)));
        });
        Map.Entry<Long, Long> last = windows.isEmpty() ? null : windows.lastEntry();
        this.longest = last == null ? null : RateLimit.quota(last.getValue(), Duration.of(last.getKey(), ChronoUnit.MICROS));
        this.longestKey = last == null ? null : keys.get(windows.size() - 1);
        this.description = this.limits.stream().map(RateLimit::toString).collect(Collectors.joining(", "));
    }

    private static long marginMicros(long periodMicros) {
        return Budget.arrivalMargin(Duration.of(periodMicros, ChronoUnit.MICROS)).toNanos() / 1000;
    }

    /** The window a quota's permits are counted in, in microseconds: its period and the arrival margin. */
    private static long counted(RateLimit quota) {
        long period = quota.period().toNanos() / 1000;
        return period + marginMicros(period);
    }

    /** Where every key of the budget for this fingerprint starts. */
    static String prefix(String fingerprint) {
        return KEY_PREFIX + "{" + fingerprint + "}:";
    }

    @Override
    public Duration reserve(String method, Duration maxWait) throws ThrottledException {
        return Duration.of(reserveAt(method, maxWait).waitMicros(), ChronoUnit.MICROS);
    }

    /** As {@link #reserve}, telling the moment reserved on Redis's clock. */
    Reservation reserveAt(String method, Duration maxWait) throws ThrottledException {
        Duration bounded = maxWait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : maxWait;
        List<String> args = new ArrayList<>(gateArgs.size() + 1);
        args.add(Long.toString(bounded.toNanos() / 1000));
        args.addAll(gateArgs);
        long[] answer = numbers(store.run(RESERVE, keys, args), 3 + windowLimits.size());
        lastCounts = Arrays.copyOfRange(answer, 3, answer.length);
        if (answer[0] == 0) {
            throw new ThrottledException(method + " was not sent: no permit within " + maxWait.toMillis()
                    + " ms under this connection's limits (" + description + ", shared through Redis)",
                    ThrottledException.Source.BUDGET, Duration.of(answer[1], ChronoUnit.MICROS));
        }
        return new Reservation(answer[2], answer[1]);
    }

    @Override
    public Optional<BudgetRemaining> remaining() {
        if (longest == null) {
            return Optional.empty();
        }
        long[] answer = numbers(store.run(REMAINING, List.of(longestKey),
                List.of(Long.toString(longest.calls()), Long.toString(counted(longest)))), 4);
        return Optional.of(new BudgetRemaining(longest, Math.max(0, longest.calls() - answer[1]),
                instant(answer[2]), instant(answer[3])));
    }

    List<RateLimit> limits() {
        return limits;
    }

    /** The quota of each window Redis keeps, in the order of {@link #lastCounts()}. */
    List<RateLimit> windowLimits() {
        return windowLimits;
    }

    /** The permits Redis held in each window on its latest answer to a reservation; empty before one. */
    Optional<long[]> lastCounts() {
        long[] counts = lastCounts;
        return counts == null ? Optional.empty() : Optional.of(counts.clone());
    }

    /** What one node puts back into one window when Redis answers again (see {@link #putBack}). */
    record PutBack(long lastSeen, long fellBackAtMicros, List<Long> givenMicros) {
    }

    /**
     * Adds permits given elsewhere (by a node from its own share while Redis was away) to the
     * windows, so that the shared count knows every call that was made; a window holding fewer
     * permits than {@link PutBack#lastSeen()} lost them, and gets that count back too (once,
     * however many nodes put it back).
     *
     * @param tag     unique to the node and the time it fell back, so that members never collide
     * @param windows one per window of {@link #windowLimits()}, in that order
     * @return how many permits were put back, counted in every window still holding them
     */
    long putBack(String tag, List<PutBack> windows) {
        List<String> args = new ArrayList<>();
        args.add(tag);
        args.add(Integer.toString(windowLimits.size()));
        for (int i = 0; i < windowLimits.size(); i++) {
            PutBack window = windows.get(i);
            args.addAll(List.of(Long.toString(counted(windowLimits.get(i))), Long.toString(window.lastSeen()),
                    Long.toString(window.fellBackAtMicros()), Integer.toString(window.givenMicros().size())));
            window.givenMicros().forEach(t -> args.add(Long.toString(t)));
        }
        Object answer = store.run(PUT_BACK, keys.subList(0, windowLimits.size()), args);
        if (answer instanceof Long added) {
            return added;
        }
        throw new RedisStore.Unavailable("Redis at " + store.address() + " answered the put-back script with " + answer, null);
    }

    String fingerprint() {
        return fingerprint;
    }

    String storeAddress() {
        return store.address();
    }

    private long[] numbers(Object answer, int size) {
        if (answer instanceof List<?> list && list.size() == size && list.stream().allMatch(Long.class::isInstance)) {
            return list.stream().mapToLong(Long.class::cast).toArray();
        }
        throw new RedisStore.Unavailable("Redis at " + store.address() + " answered the budget script with "
                + answer + " instead of " + size + " integers", null);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    }

    @Override
    public String toString() {
        return "RedisBudget[" + description + " at " + store.address() + ", key fingerprint " + fingerprint + "]";
    }
}
