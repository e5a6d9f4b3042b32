package org.contactlookup.client.chain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** A small least-recently-used cache whose entries expire; thread-safe through one lock. */
public final class ResultCache<K, V> {
    private record Entry<V>(V value, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<K, Entry<V>> entries;

    /** @param nanoTime the clock entries expire by */
    public ResultCache(Duration ttl, int maxSize, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxSize;
            }
        };
    }

    public boolean enabled() {
        return ttlNanos > 0;
    }

    public synchronized V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nanoTime.getAsLong() - entry.expiresAtNanos >= 0) {
            entries.remove(key);
            return null;
        }
        return entry.value;
    }

    public synchronized void put(K key, V value) {
        if (enabled()) {
            entries.put(key, new Entry<>(value, nanoTime.getAsLong() + ttlNanos));
        }
    }
}
