package org.contactlookup.web;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Supplier;
import org.contactlookup.client.config.Secret;

/**
 * A key for one purpose derived from the connection's current key ({@link Secret#derive}), so
 * that every node holding the same key gets the same bytes and a rotated key is followed at
 * once; a random key of this JVM's own while no connection is set up. Derived once per key, not
 * per use. Thread-safe.
 */
final class FollowingKey implements Supplier<byte[]> {
    private record Derived(Secret from, byte[] key) {
    }

    private final Supplier<Optional<Secret>> connectionKey;
    private final String purpose;
    private final byte[] random = new byte[32];
    private volatile Derived last;

    FollowingKey(Supplier<Optional<Secret>> connectionKey, String purpose) {
        this.connectionKey = connectionKey;
        this.purpose = purpose;
        new SecureRandom().nextBytes(random);
    }

    @Override
    public byte[] get() {
        Optional<Secret> current = connectionKey.get();
        if (current.isEmpty()) {
            return random;
        }
        Derived derived = last;
        if (derived == null || derived.from() != current.get()) {
            derived = new Derived(current.get(), current.get().derive(purpose));
            last = derived;
        }
        return derived.key();
    }
}
