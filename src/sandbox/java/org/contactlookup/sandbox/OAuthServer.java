package org.contactlookup.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's OAuth2 token registry, shaped like Keap's: one client, access tokens and refresh
 * tokens with lifetimes of their own, authorization codes good once for {@link #CODE_LIFETIME} and
 * only with the redirect address given when they were made, and rotation: a refresh issues a new
 * pair and the refresh token presented stops working at once, while access tokens already issued
 * stay valid until their own expiry, since Keap does not revoke them.
 *
 * <p>Expiry runs on {@link System#nanoTime()}, never on the sandbox's clock, which a test may have
 * fixed to make DateCreated exact. Tokens are remembered by their SHA-256 digest, so that the
 * {@link KeptTokens} file, when there is one, can hold what the registry holds and no token;
 * it is written after every grant. Thread-safe: each grant checks and marks in one synchronized
 * step, so two refreshes racing with the same token get one new pair between them.
 */
final class OAuthServer {
    /** The scope Keap grants, {@code full} and the account's host name. */
    static final String SCOPE = "full|sandbox.infusionsoft.com";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    /** What a bearer token is worth to the gateway. */
    enum TokenState { VALID, EXPIRED, UNKNOWN }

    private record Code(String redirectUri, long expires) {
    }

    /** How long an expired access token is still told apart from one never issued: Keap's 401 differs. */
    private static final long REMEMBER_EXPIRED = Duration.ofDays(1).toNanos();

    private final SecureRandom random = new SecureRandom();
    private final String staticToken;
    private final String clientId;
    private final byte[] clientSecret;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    /** Digest to expiry, on {@link System#nanoTime()}; a refresh token leaves its map when used. */
    private final Map<String, Long> accessTokens = new HashMap<>();
    private final Map<String, Long> refreshTokens = new HashMap<>();
    private final KeptTokens kept;
    private final Map<String, Code> codes = new HashMap<>();
    private int refreshesGranted;
    private int refreshesRefused;
    private int codesExchanged;
    private int expiredTokenCalls;

    /**
     * {@code staticToken} is accepted as a bearer token for as long as the sandbox runs. With
     * {@code kept} not null, the tokens issued before to the same client are taken up from it.
     *
     * @throws IOException when {@code kept} names a file that cannot be read or is damaged
     */
    OAuthServer(String staticToken, String clientId, String clientSecret, Duration accessLifetime, Duration refreshLifetime,
            KeptTokens kept) throws IOException {
        this.staticToken = staticToken;
        this.clientId = clientId;
        this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.accessLifetime = accessLifetime;
        this.refreshLifetime = refreshLifetime;
        this.kept = kept;
        if (kept != null) {
            KeptTokens.State state = kept.load(clientDigest());
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            state.accessTokens().forEach((digest, expiry) -> accessTokens.put(digest, nanos + (expiry - millis) * 1_000_000));
            state.refreshTokens().forEach((digest, expiry) -> refreshTokens.put(digest, nanos + (expiry - millis) * 1_000_000));
        }
    }

    String clientId() {
        return clientId;
    }

    /** Whether {@code id} and {@code secret} are this client's; the secret compared in constant time. */
    boolean clientMatches(String id, String secret) {
        return clientId.equals(id) && secret != null
                && MessageDigest.isEqual(clientSecret, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A new one-time code for {@code redirectUri}, as the authorize page hands out. */
    synchronized String newCode(String redirectUri) {
        String code = random("code-");
        codes.put(code, new Code(redirectUri, System.nanoTime() + CODE_LIFETIME.toNanos()));
        return code;
    }

    /** A new pair for an unused, unexpired code made for {@code redirectUri}; empty otherwise. Uses the code up either way. */
    synchronized Optional<IssuedTokens> exchangeCode(String code, String redirectUri) {
        Code made = codes.remove(code);
        if (made == null || expired(made.expires()) || !made.redirectUri().equals(redirectUri)) {
            return Optional.empty();
        }
        codesExchanged++;
        return Optional.of(issue());
    }

    /** A new pair for an issued, unused, unexpired refresh token, which is used up; empty, and counted, otherwise. */
    synchronized Optional<IssuedTokens> refresh(String token) {
        Long expires = refreshTokens.remove(digest(token));
        if (expires == null || expired(expires)) {
            refreshesRefused++;
            return Optional.empty();
        }
        refreshesGranted++;
        return Optional.of(issue());
    }

    /** A new pair, as if an operator had just authorized. */
    synchronized IssuedTokens issue() {
        long now = System.nanoTime();
        String access = random("oauth-access-");
        String refresh = random("oauth-refresh-");
        accessTokens.values().removeIf(expires -> now - expires >= REMEMBER_EXPIRED);
        refreshTokens.values().removeIf(OAuthServer::expired);
        accessTokens.put(digest(access), now + accessLifetime.toNanos());
        refreshTokens.put(digest(refresh), now + refreshLifetime.toNanos());
        keep(now);
        return new IssuedTokens(access, refresh, accessLifetime);
    }

    /**
     * Writes the registry to the kept file, when there is one. A file that cannot be written does
     * not fail the grant: the tokens work until the sandbox stops, and the operator reads why.
     */
    private void keep(long nanos) {
        if (kept == null) {
            return;
        }
        long millis = System.currentTimeMillis();
        Map<String, Long> access = new HashMap<>();
        Map<String, Long> refresh = new HashMap<>();
        accessTokens.forEach((digest, expires) -> access.put(digest, millis + (expires - nanos) / 1_000_000));
        refreshTokens.forEach((digest, expires) -> refresh.put(digest, millis + (expires - nanos) / 1_000_000));
        try {
            kept.save(new KeptTokens.State(clientDigest(), access, refresh));
        } catch (IOException e) {
            System.err.println("sandbox: cannot keep the issued OAuth2 tokens in " + kept.file() + " for the next start: " + e);
        }
    }

    /** Whether {@code bearer} opens the API: the static token always does, an issued one until it expires. */
    synchronized TokenState check(String bearer) {
        if (staticToken.equals(bearer)) {
            return TokenState.VALID;
        }
        Long expires = accessTokens.get(digest(bearer));
        if (expires == null) {
            return TokenState.UNKNOWN;
        }
        if (expired(expires)) {
            expiredTokenCalls++;
            return TokenState.EXPIRED;
        }
        return TokenState.VALID;
    }

    synchronized int refreshesGranted() {
        return refreshesGranted;
    }

    synchronized int refreshesRefused() {
        return refreshesRefused;
    }

    synchronized int codesExchanged() {
        return codesExchanged;
    }

    synchronized int expiredTokenCalls() {
        return expiredTokenCalls;
    }

    /** Compared as a difference, since {@link System#nanoTime()} may wrap. */
    private static boolean expired(long expires) {
        return System.nanoTime() - expires >= 0;
    }

    /** What the kept file is known by: a client with another id or secret cannot use its tokens. */
    private String clientDigest() {
        return digest(clientId + ":" + new String(clientSecret, StandardCharsets.UTF_8));
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String random(String prefix) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
