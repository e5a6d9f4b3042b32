package org.contactlookup.client.oauth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.contactlookup.client.config.Secret;

/**
 * Encrypts an OAuth2 pair's two tokens for keeping in Redis, so that a copy of Redis's data (its
 * append-only file, a backup, a replica) holds no usable token. AES-256-GCM, under a key derived
 * one way from the OAuth2 client secret ({@link Secret#derive}, HMAC-SHA256 over
 * {@value #PURPOSE}, as the CSRF key is derived from the connection's key): every node holding
 * the client secret derives the same key, and nothing about the key is stored. Each seal has a
 * fresh random 96-bit IV. The Redis key name and the pair's two times are its associated data,
 * so a sealed value moved under another key, or given other times (to pass for a newer pair),
 * does not open. Thread-safe.
 */
final class TokenSeal {
    /** What the key is derived for; changing it makes every sealed pair unreadable. */
    static final String PURPOSE = "contactlookup OAuth2 tokens at rest v1";
    /** Marks the format, so that a later one can be told apart. */
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyName;

    /** @param keyName the Redis key the sealed value is kept under */
    TokenSeal(Secret clientSecret, String keyName) {
        this.key = new SecretKeySpec(clientSecret.derive(PURPOSE), "AES");
        this.keyName = keyName;
    }

    /** The access and refresh tokens of {@code tokens}, encrypted and encoded as text. */
    String seal(Tokens tokens) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        // Tokens hold no control characters (Secret refuses them), so a new line separates the two.
        byte[] plain = (tokens.accessToken().reveal() + "\n" + tokens.refreshToken().reveal()).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, iv, tokens.expiresAt(), tokens.obtainedAt()).doFinal(plain);
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /** The pair {@link #seal} made, or nothing when it does not open with this key (another client secret, or altered). */
    Optional<Tokens> open(String sealed, Instant expiresAt, Instant obtainedAt) {
        byte[] bytes;
        try {
            bytes = sealed.startsWith(VERSION) ? Base64.getDecoder().decode(sealed.substring(VERSION.length())) : new byte[0];
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            byte[] iv = Arrays.copyOf(bytes, IV_BYTES);
            String plain = new String(cipher(Cipher.DECRYPT_MODE, iv, expiresAt, obtainedAt).doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES),
                    StandardCharsets.UTF_8);
            int newLine = plain.indexOf('\n');
            return Optional.of(new Tokens(Secret.of(plain.substring(0, newLine)), Secret.of(plain.substring(newLine + 1)), expiresAt, obtainedAt));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, Instant expiresAt, Instant obtainedAt) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((keyName + "\n" + expiresAt.toEpochMilli() + "\n" + obtainedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
