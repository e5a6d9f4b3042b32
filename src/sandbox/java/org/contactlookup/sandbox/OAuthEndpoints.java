package org.contactlookup.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keap's two OAuth2 addresses over an {@link OAuthServer}: the token endpoint
 * ({@code POST /token}, a form in, JSON out) and the authorize page
 * ({@code GET /app/oauth/authorize}), which approves at once, as if the operator had clicked
 * Allow, and redirects with a code. Answers in Keap's shapes; no answer ever holds a secret or a
 * token it was sent. Thread-safe: it keeps nothing of its own.
 */
final class OAuthEndpoints {
    static final String TOKEN_PATH = "/token";
    static final String AUTHORIZE_PATH = "/app/oauth/authorize";
    static final String INVALID_REFRESH_TOKEN = "{\"error\":\"invalid_request\",\"error_description\":\"Invalid Refresh Token\"}";
    /** What Keap's gateway answers, with a 401, for a bearer token past its expiry, before the API sees the call. */
    static final String ACCESS_TOKEN_EXPIRED = "{\"fault\":{\"faultstring\":\"Access Token expired\","
            + "\"detail\":{\"errorcode\":\"keymanagement.service.access_token_expired\"}}}";
    /** The same for a bearer token it never issued. */
    static final String INVALID_ACCESS_TOKEN = "{\"fault\":{\"faultstring\":\"Invalid Access Token\","
            + "\"detail\":{\"errorcode\":\"keymanagement.service.invalid_access_token\"}}}";
    private static final String FORM = "application/x-www-form-urlencoded";

    /** An answer before it is sent; {@code headers} are sent besides Content-Type. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final OAuthServer tokens;

    OAuthEndpoints(OAuthServer tokens) {
        this.tokens = tokens;
    }

    /** A form body's parameters, decoded as UTF-8; null when its escapes are malformed. */
    static Map<String, String> form(byte[] body) {
        try {
            return RestApi.parameters(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What a token request is recorded with: its grant_type alone, never a code, token or secret. */
    static List<Object> recordedParams(Map<String, String> form) {
        return form == null || !form.containsKey("grant_type") ? List.of() : List.of("grant_type=" + form.get("grant_type"));
    }

    /**
     * Answers {@code POST /token}: the client authenticated by HTTP Basic or by the form fields
     * {@code client_id} and {@code client_secret}, then an {@code authorization_code} or
     * {@code refresh_token} grant.
     */
    Answer token(String httpMethod, String contentType, String authorization, Map<String, String> form) throws IOException {
        if (!httpMethod.equals("POST")) {
            return new Answer(405, "application/json", error("invalid_request", "Method not allowed, use POST"), Map.of("Allow", "POST"));
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return badRequest("invalid_request", "Content-Type must be " + FORM);
        }
        if (form == null) {
            return badRequest("invalid_request", "Malformed form body");
        }
        if (!clientAuthenticated(authorization, form)) {
            return new Answer(401, "application/json", error("invalid_client", "Invalid client credentials"), Map.of());
        }
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return missing("grant_type");
        }
        return switch (grantType) {
            case "authorization_code" -> codeGrant(form);
            case "refresh_token" -> refreshGrant(form);
            default -> badRequest("unsupported_grant_type", "Unsupported grant_type, use authorization_code or refresh_token");
        };
    }

    /** Answers the authorize page: a redirect with a new code, or a plain-text 400 that says which parameter is wrong. */
    Answer authorize(String httpMethod, Map<String, String> query) {
        if (!httpMethod.equals("GET")) {
            return new Answer(405, "text/plain", "Method not allowed, use GET", Map.of("Allow", "GET"));
        }
        String redirectUri = query.get("redirect_uri");
        Optional<String> refusal = !tokens.clientId().equals(query.get("client_id")) ? Optional.of("Unknown client_id")
                : !"code".equals(query.get("response_type")) ? Optional.of("response_type must be code")
                : redirectProblem(redirectUri);
        if (refusal.isPresent()) {
            return new Answer(400, "text/plain", refusal.get(), Map.of());
        }
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(tokens.newCode(redirectUri))
                .append("&scope=").append(URLEncoder.encode(OAuthServer.SCOPE, StandardCharsets.UTF_8));
        if (query.containsKey("state")) {
            location.append("&state=").append(URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        }
        return new Answer(302, "text/plain", "", Map.of("Location", location.toString()));
    }

    private static Optional<String> redirectProblem(String redirectUri) {
        if (redirectUri == null || redirectUri.isEmpty()) {
            return Optional.of("Missing redirect_uri");
        }
        try {
            URI uri = new URI(redirectUri);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                return Optional.of("redirect_uri must be an absolute http or https address");
            }
            // The code and state are appended as a query; after a fragment they would never reach the server.
            return uri.getRawFragment() == null ? Optional.empty() : Optional.of("redirect_uri must not have a fragment");
        } catch (URISyntaxException e) {
            return Optional.of("redirect_uri must be an absolute http or https address");
        }
    }

    /** HTTP Basic when the request has an Authorization header, the form's fields otherwise. */
    private boolean clientAuthenticated(String authorization, Map<String, String> form) {
        if (authorization == null) {
            return tokens.clientMatches(form.get("client_id"), form.get("client_secret"));
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = pair.indexOf(':');
        return colon >= 0 && tokens.clientMatches(pair.substring(0, colon), pair.substring(colon + 1));
    }

    private Answer codeGrant(Map<String, String> form) throws IOException {
        String code = form.get("code");
        String redirectUri = form.get("redirect_uri");
        if (code == null) {
            return missing("code");
        }
        if (redirectUri == null) {
            return missing("redirect_uri");
        }
        Optional<IssuedTokens> issued = tokens.exchangeCode(code, redirectUri);
        return issued.isPresent() ? granted(issued.get()) : badRequest("invalid_grant", "Invalid Authorization Code");
    }

    private Answer refreshGrant(Map<String, String> form) throws IOException {
        String refreshToken = form.get("refresh_token");
        if (refreshToken == null) {
            return missing("refresh_token");
        }
        Optional<IssuedTokens> issued = tokens.refresh(refreshToken);
        return issued.isPresent() ? granted(issued.get()) : new Answer(400, "application/json", INVALID_REFRESH_TOKEN, Map.of());
    }

    private static Answer granted(IssuedTokens issued) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", issued.expiresIn().toSeconds());
        body.put("refresh_token", issued.refreshToken());
        body.put("scope", OAuthServer.SCOPE);
        // RFC 6749 5.1: an answer holding tokens must not be kept by any cache on the way.
        return new Answer(200, "application/json", JSON.std.asString(body), Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
    }

    private static Answer missing(String parameter) throws IOException {
        return badRequest("invalid_request", "Missing parameter: " + parameter);
    }

    private static Answer badRequest(String error, String description) throws IOException {
        return new Answer(400, "application/json", error(error, description), Map.of());
    }

    private static String error(String error, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return JSON.std.asString(body);
    }
}
