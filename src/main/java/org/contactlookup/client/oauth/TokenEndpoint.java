package org.contactlookup.client.oauth;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.TokenRefreshException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.HttpEngine;

/**
 * Keap's token endpoint: trades an authorization code or a refresh token for a new pair. Each
 * grant authenticates the client the way Keap's own documentation and SDK do, the forms known to
 * work there: the code exchange sends {@code client_id} and
 * {@code client_secret} as form fields, as Keap's guide and infusionsoft-php's
 * {@code requestAccessToken} do; the refresh sends HTTP Basic over {@code id:secret} exactly as
 * infusionsoft-php's {@code refreshAccessToken} does, without the URL-encoding RFC 6749 asks for.
 * Nothing secret ever travels in the URL. Failures are {@link TokenRefreshException}s: REFUSED
 * when the endpoint turned the grant or the client down, UNREACHABLE for anything that may mend
 * itself.
 */
public final class TokenEndpoint implements RefreshEndpoint {
    /** The OAuth2 errors that mean this grant or client will never be accepted as it is. */
    private static final Set<String> REFUSALS = Set.of("invalid_grant", "invalid_request", "invalid_client", "unauthorized_client");

    /** A lifetime past a year is not one Keap gives; it would only be a broken answer. */
    private static final double MAX_LIFETIME_SECONDS = 365 * 24 * 3600;

    private final HttpEngine engine;
    private final OAuthSettings settings;
    private final Secret clientSecret;

    public TokenEndpoint(Connection connection, HttpEngine engine) {
        this.engine = engine;
        this.settings = connection.oauth();
        this.clientSecret = connection.key();
    }

    /**
     * The next pair for {@code refreshToken}, which stops working once the endpoint answers; the
     * client in HTTP Basic, {@code base64(id:secret)} of the raw values, as Keap's PHP SDK sends it.
     */
    @Override
    public CompletableFuture<Tokens> refresh(Secret refreshToken, Duration limit) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.reveal());
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (settings.clientId().reveal() + ":" + clientSecret.reveal()).getBytes(StandardCharsets.UTF_8));
        return post(form, basic, limit);
    }

    /**
     * The first pair, for the code Keap's authorize page gave back to {@code redirectUri}; the
     * client in the form fields {@code client_id} and {@code client_secret}, as Keap documents it.
     */
    public CompletableFuture<Tokens> exchangeCode(String code, String redirectUri, Duration limit) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId().reveal());
        form.put("client_secret", clientSecret.reveal());
        form.put("code", code);
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", redirectUri);
        return post(form, null, limit);
    }

    @Override
    public String where() {
        return "the token endpoint " + settings.tokenEndpoint().getAuthority();
    }

    /** Posts {@code form}, URL-encoded, with {@code authorization} as its Authorization header when not null. */
    private CompletableFuture<Tokens> post(Map<String, String> form, String authorization, Duration limit) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", HttpEngine.USER_AGENT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CompletableFuture<Tokens> tokens = new CompletableFuture<>();
        engine.exchange(request, limit, where()).whenComplete((answer, failure) -> {
            if (failure != null) {
                Throwable cause = Failures.unwrap(failure);
                tokens.completeExceptionally(cause instanceof NetworkException n ? unreachable(n) : cause);
                return;
            }
            try {
                tokens.complete(read(answer, sent));
            } catch (TokenRefreshException e) {
                tokens.completeExceptionally(e);
            } catch (RuntimeException e) {
                // Whatever the answer holds, the future must end: a refresh nobody ends blocks every later one.
                tokens.completeExceptionally(new TokenRefreshException(where() + " gave an unusable answer: "
                        + e.getClass().getSimpleName(), TokenRefreshException.Reason.UNREACHABLE, e));
            }
        });
        return tokens;
    }

    private TokenRefreshException unreachable(InfusionsoftException e) {
        return new TokenRefreshException(e.getMessage(), TokenRefreshException.Reason.UNREACHABLE, e);
    }

    /** The pair in a 200 answer; the expiry is counted from when the request was sent, to err early. */
    private Tokens read(HttpEngine.Answer answer, Instant sent) throws TokenRefreshException {
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            json = Map.of();
        }
        if (answer.status() != 200) {
            String error = json.get("error") instanceof String s ? s : "";
            String description = json.get("error_description") instanceof String s ? " (" + shorten(s) + ")" : "";
            String what = where() + " answered HTTP " + answer.status() + (error.isEmpty() ? "" : " " + shorten(error)) + description;
            boolean refused = (answer.status() == 400 || answer.status() == 401) && REFUSALS.contains(error);
            throw new TokenRefreshException(what, refused ? TokenRefreshException.Reason.REFUSED
                    : TokenRefreshException.Reason.UNREACHABLE, null);
        }
        if (!(json.get("access_token") instanceof String access) || !(json.get("refresh_token") instanceof String refresh)
                || !(json.get("expires_in") instanceof Number expiresIn) || expiresIn.doubleValue() < 1
                || expiresIn.doubleValue() > MAX_LIFETIME_SECONDS) {
            throw new TokenRefreshException(where() + " answered 200 without access_token, refresh_token and an expires_in of 1 s to a year",
                    TokenRefreshException.Reason.UNREACHABLE, null);
        }
        try {
            return new Tokens(Secret.of(access), Secret.of(refresh), sent.plusSeconds(expiresIn.longValue()), sent);
        } catch (IllegalArgumentException e) {
            throw new TokenRefreshException(where() + " answered with a token that cannot go into a header",
                    TokenRefreshException.Reason.UNREACHABLE, null);
        }
    }

    /** A server's words for a log line: one line, at most 100 characters. */
    private static String shorten(String text) {
        String clean = LogSafe.clean(text);
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
