package org.contactlookup.client.oauth;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.contactlookup.client.config.Secret;

/**
 * One pair of OAuth2 tokens as the token endpoint gave it: the access token sent with calls, the
 * refresh token that gets the next pair (once: Keap replaces it at every use), when the access
 * token expires and when the pair was obtained. Immutable; prints no token.
 *
 * <p>A pair is due for refresh once less than a quarter of the access token's lifetime is left
 * (at most {@value #MAX_MARGIN_MINUTES} minutes before it expires: 23 hours into Keap's 24), and
 * at the latest {@value #REFRESH_TOKEN_DAYS} days after it was obtained, well inside the 45 days
 * a Keap refresh token lasts, so an idle deployment keeps its refresh token alive.
 */
public record Tokens(Secret accessToken, Secret refreshToken, Instant expiresAt, Instant obtainedAt) {
    static final long MAX_MARGIN_MINUTES = 60;
    static final long REFRESH_TOKEN_DAYS = 30;

    public Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        // To the millisecond, as Redis keeps them: a copy in a file must compare equal to Redis's.
        expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
        obtainedAt = obtainedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** True once the access token may no longer be sent. */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** When this pair should be replaced: ahead of the access token's expiry, and of the refresh token's age. */
    public Instant refreshAt() {
        Duration lifetime = Duration.between(obtainedAt, expiresAt);
        Duration margin = lifetime.dividedBy(4);
        if (margin.compareTo(Duration.ofMinutes(MAX_MARGIN_MINUTES)) > 0) {
            margin = Duration.ofMinutes(MAX_MARGIN_MINUTES);
        }
        Instant beforeExpiry = expiresAt.minus(margin);
        Instant beforeRefreshTokenAges = obtainedAt.plus(Duration.ofDays(REFRESH_TOKEN_DAYS));
        return beforeExpiry.isBefore(beforeRefreshTokenAges) ? beforeExpiry : beforeRefreshTokenAges;
    }

    /** True when {@code other} was obtained after this pair. */
    public boolean olderThan(Tokens other) {
        return obtainedAt.isBefore(other.obtainedAt);
    }

    /** The pair as the JSON the token file holds. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", accessToken.reveal());
        json.put("refresh_token", refreshToken.reveal());
        json.put("expires_at", expiresAt.toString());
        json.put("obtained_at", obtainedAt.toString());
        try {
            return JSON.std.asString(json) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException when {@code text} is not such a pair; the message quotes none of it
     */
    public static Tokens fromJson(String text) {
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("it is not JSON");
        }
        try {
            return new Tokens(Secret.of(string(json, "access_token")), Secret.of(string(json, "refresh_token")),
                    Instant.parse(string(json, "expires_at")), Instant.parse(string(json, "obtained_at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("it does not hold access_token, refresh_token, expires_at and obtained_at");
        }
    }

    private static String string(Map<String, Object> json, String name) {
        if (!(json.get(name) instanceof String value)) {
            throw new IllegalArgumentException(name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "Tokens[expiresAt=" + expiresAt + ", obtainedAt=" + obtainedAt + "]";
    }
}
