package org.contactlookup.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that carry their issue time and that only a holder of the key can make:
 * {@code ISSUED.NONCE.MAC}, where ISSUED is the issue time in whole seconds since 1970, NONCE is
 * 16 random bytes, and MAC is the HMAC-SHA256 of {@code ISSUED.NONCE} under the key; NONCE and MAC
 * are base64url without padding. Only digits, letters, {@code .}, {@code -} and {@code _}, so a
 * token is a valid cookie value and form field as it is. Thread-safe.
 */
final class SignedTokens {
    /** What a presented token turned out to be. */
    enum Verdict {
        /** Signed with our key, issued less than the lifetime ago. */
        VALID,
        /** Signed with our key, issued longer than the lifetime ago. */
        EXPIRED,
        /** Not signed with our key, malformed, or dated in the future beyond {@link #CLOCK_SKEW}. */
        INVALID
    }

    /** How far ahead of this node's clock the node that issued a token may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<byte[]> key;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param key      the signing key, asked for at every use so that it may follow a rotated secret
     * @param lifetime how long a token is accepted after it was issued
     */
    SignedTokens(Supplier<byte[]> key, Duration lifetime, Clock clock) {
        this.key = key;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new token, issued now. */
    String issue() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String payload = clock.instant().getEpochSecond() + "." + encode(nonce);
        return payload + "." + encode(mac(payload));
    }

    Verdict verify(String token) {
        Optional<Instant> issued = issuedAt(token);
        Instant now = clock.instant();
        if (issued.isEmpty() || issued.get().isAfter(now.plus(CLOCK_SKEW))) {
            return Verdict.INVALID;
        }
        return issued.get().plus(lifetime).isBefore(now) ? Verdict.EXPIRED : Verdict.VALID;
    }

    /** True for a valid token with at least half of its lifetime left: worth handing out again. */
    boolean isFresh(String token) {
        return verify(token) == Verdict.VALID
                && issuedAt(token).orElseThrow().plus(lifetime.dividedBy(2)).isAfter(clock.instant());
    }

    /** When a token signed with our key was issued; empty for anything else. */
    private Optional<Instant> issuedAt(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher parts = SHAPE.matcher(token);
        if (!parts.matches()) {
            return Optional.empty();
        }
        // Compared as text: base64 lets more than one string decode to the same bytes.
        String expected = encode(mac(parts.group(1) + "." + parts.group(2)));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts.group(3).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(parts.group(1))));
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
