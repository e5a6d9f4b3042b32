package org.contactlookup.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Lets identical lookups running at the same time (the address compared without case, the same
 * fields) share one call, and, when the policy gives the cache a lifetime, reuse results for that
 * long. A waiting caller is bounded by the leading call, which the policy's deadline bounds.
 */
final class LookupCoalescer {
    /** Fetches the contacts when no identical lookup is under way. */
    interface Loader {
        List<Map<String, Object>> load() throws InfusionsoftException;
    }

    private record Key(String email, List<String> fields) {
    }

    private final ConcurrentHashMap<Key, CompletableFuture<List<Map<String, Object>>>> inFlight = new ConcurrentHashMap<>();
    private final ResultCache<Key, List<Map<String, Object>>> cache;

    LookupCoalescer(CallPolicy policy) {
        this.cache = new ResultCache<>(policy.cacheTtl(), policy.cacheSize());
    }

    List<Map<String, Object>> find(String email, List<String> fields, Loader loader) throws InfusionsoftException {
        Key key = new Key(email.toLowerCase(Locale.ROOT), List.copyOf(fields));
        List<Map<String, Object>> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<List<Map<String, Object>>> mine = new CompletableFuture<>();
        CompletableFuture<List<Map<String, Object>>> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return await(leader);
        }
        try {
            List<Map<String, Object>> found = loader.load();
            cache.put(key, found);
            mine.complete(found);
            return found;
        } catch (InfusionsoftException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static List<Map<String, Object>> await(CompletableFuture<List<Map<String, Object>>> leader) throws InfusionsoftException {
        try {
            return leader.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException("interrupted while sharing a lookup", NetworkException.Kind.TIMEOUT, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InfusionsoftException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
