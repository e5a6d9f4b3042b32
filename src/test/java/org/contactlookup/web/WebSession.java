package org.contactlookup.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A visitor of the page over real HTTP: fetches the form, keeps its CSRF cookie, posts forms. */
final class WebSession {
    private static final Pattern TOKEN_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern TOKEN_COOKIE = Pattern.compile("contactlookup_csrf=([^;]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    /** The client address a trusted proxy in front would name in X-Forwarded-For; null for none. */
    private final String forwardedFor;
    String token;
    String cookieToken;
    /** An {@code Authorization} header for every request, as a browser sends one after a login; null for none. */
    String authorization;

    WebSession(URI base) {
        this(base, null);
    }

    /** A visitor behind a proxy that says it is {@code forwardedFor}, as {@code RemoteIpValve} reads it. */
    WebSession(URI base, String forwardedFor) {
        this.base = base;
        this.forwardedFor = forwardedFor;
    }

    /** Opens the form as a browser would, remembering the token from the page and the cookie. */
    HttpResponse<String> openForm() throws IOException, InterruptedException {
        HttpResponse<String> page = get(base);
        Matcher field = TOKEN_FIELD.matcher(page.body());
        token = field.find() ? field.group(1) : null;
        cookieToken = page.headers().firstValue("Set-Cookie").map(TOKEN_COOKIE::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).orElse(null);
        return page;
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Posts the three fields with this session's token in both places. */
    HttpResponse<String> lookUp(String email, String first, String last) throws IOException, InterruptedException {
        return HTTP.send(lookUpRequest(email, first, last), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** {@link #lookUp} without waiting: many of these can be in flight from one thread. */
    CompletableFuture<HttpResponse<String>> lookUpAsync(String email, String first, String last) {
        return HTTP.sendAsync(lookUpRequest(email, first, last), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest lookUpRequest(String email, String first, String last) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", token);
        fields.put("email", email);
        fields.put("first", first);
        fields.put("last", last);
        return postRequest(encode(fields), "application/x-www-form-urlencoded", cookieToken);
    }

    HttpResponse<String> post(String body, String contentType, String cookie) throws IOException, InterruptedException {
        return HTTP.send(postRequest(body, contentType, cookie), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest postRequest(String body, String contentType, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (cookie != null) {
            request.header("Cookie", "contactlookup_csrf=" + cookie);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    static String encode(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
        });
        return body.toString();
    }

    static HttpClient http() {
        return HTTP;
    }
}
