package org.contactlookup.client.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.contactlookup.client.config.Secret;

/**
 * Names a Keap key where the name outlives the process, such as the budget's keys in Redis,
 * without storing the key: the first 16 hex digits (64 bits) of SHA-256 over {@link #PREFIX}
 * followed by the key's UTF-8 bytes. The same key always gives the same fingerprint, so every
 * node that holds the key finds the same budget; the key cannot be read back from it.
 *
 * <p>The prefix keeps the fingerprint from matching a plain SHA-256 of the key that some other
 * system may have stored; changing it would start every budget afresh.
 */
public final class KeyFingerprint {
    public static final String PREFIX = "contact-lookup budget v1\n";

    private KeyFingerprint() {
    }

    public static String of(Secret key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(PREFIX.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha256.digest(key.reveal().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
