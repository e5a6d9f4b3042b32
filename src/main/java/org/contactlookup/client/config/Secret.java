package org.contactlookup.client.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key or token. It prints as {@code [hidden]} wherever it ends up by accident: a log line,
 * an exception message, a record's {@code toString()}. Its value is read only to be sent: into
 * a request's header or body (the credentials, the protocols, the OAuth2 endpoint and stores).
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a secret value; it must be non-blank and free of control characters (it goes into a header). */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the key is blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("the key contains a control character at position " + i);
            }
        }
        return new Secret(value);
    }

    /** The value itself: for the transport and the budget's fingerprint only, never for a message or a log. */
    public String reveal() {
        return value;
    }

    /**
     * A key for another use, made from this secret one way: HMAC-SHA256 keyed by the secret over
     * {@code purpose}. Everyone holding the same secret gets the same 32 bytes for the same purpose;
     * the bytes reveal nothing of the secret, and different purposes give unrelated keys.
     */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
