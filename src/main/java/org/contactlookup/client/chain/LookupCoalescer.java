package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Scheduler;

/**
 * The way in for lookups: lets identical lookups running at the same time (the address compared
 * without case, the same fields) share one call, caps how many calls are in flight at once, and,
 * when the policy gives the cache a lifetime, reuses results for that long. Every lookup keeps its
 * own bound, the policy's permit wait plus its deadline, even when it shares another's call.
 */
public final class LookupCoalescer {
    private record Key(String email, List<String> fields) {
    }

    private final ConcurrentHashMap<Key, CompletableFuture<List<Map<String, Object>>>> shared = new ConcurrentHashMap<>();
    private final ResultCache<Key, List<Map<String, Object>>> cache;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final Duration bound;
    private final Scheduler scheduler;

    public LookupCoalescer(CallPolicy policy, Scheduler scheduler) {
        this.cache = new ResultCache<>(policy.cacheTtl(), policy.cacheSize(), scheduler::nanoTime);
        this.maxInFlight = policy.maxInFlight();
        this.bound = policy.permitWait().plus(policy.deadline());
        this.scheduler = scheduler;
    }

    public CompletableFuture<List<Map<String, Object>>> find(String email, List<String> fields,
                                                     Supplier<CompletableFuture<List<Map<String, Object>>>> loader) {
        Key key = new Key(email.toLowerCase(Locale.ROOT), List.copyOf(fields));
        List<Map<String, Object>> cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<List<Map<String, Object>>> leader = shared.get(key);
        if (leader == null) {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                return CompletableFuture.failedFuture(new ThrottledException("findByEmail was not sent: " + maxInFlight
                        + " lookups are already in flight on this connection", ThrottledException.Source.IN_FLIGHT_CAP,
                        Duration.ofSeconds(1)));
            }
            CompletableFuture<List<Map<String, Object>>> mine = new CompletableFuture<>();
            leader = shared.putIfAbsent(key, mine);
            if (leader == null) {
                leader = mine;
                mine.whenComplete((found, failure) -> inFlight.decrementAndGet());
                load(key, mine, loader);
            } else {
                inFlight.decrementAndGet(); // another thread started the same lookup just now
            }
        }
        return scheduler.within(leader, bound, () -> new NetworkException(
                "findByEmail ran out of time: no answer within " + bound.toMillis() + " ms", NetworkException.Kind.TIMEOUT, null));
    }

    private void load(Key key, CompletableFuture<List<Map<String, Object>>> mine,
                      Supplier<CompletableFuture<List<Map<String, Object>>>> loader) {
        CompletableFuture<List<Map<String, Object>>> loading;
        try {
            loading = loader.get();
        } catch (RuntimeException e) {
            loading = CompletableFuture.failedFuture(e);
        }
        loading.whenComplete((found, failure) -> {
            if (failure == null) {
                cache.put(key, found);
            }
            shared.remove(key, mine);
            if (failure == null) {
                mine.complete(found);
            } else {
                mine.completeExceptionally(Failures.unwrap(failure));
            }
        });
    }
}
