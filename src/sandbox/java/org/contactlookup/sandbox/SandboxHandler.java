package org.contactlookup.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sandbox does with each request: records it, applies the next queued fault, checks the
 * key or token, throttles, and answers, over XML-RPC or REST v2, or at the OAuth2 token endpoint
 * and authorize page. Thread-safe.
 */
final class SandboxHandler {
    private static final int MAX_BODY = 1 << 20;

    /** An answer before it is sent; {@code headers} are sent besides Content-Type. */
    private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply xml(byte[] xml) {
            return new Reply(200, "text/xml; charset=UTF-8", xml, Map.of());
        }

        static Reply of(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        Reply with(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(more);
            return new Reply(status, contentType, body, all);
        }
    }

    /**
     * What a request's key or token gets it: the API (by key or by bearer token, throttled apart),
     * a wrong-key refusal, or the gateway's 401 for a bearer token.
     */
    private enum Access { KEY, TOKEN, WRONG_KEY, TOKEN_EXPIRED, TOKEN_INVALID }

    private final String legacyKey;
    private final Set<String> apiKeys;
    private final OAuthServer oauth;
    private final OAuthEndpoints oauthEndpoints;
    private final Methods methods;
    private final RestApi rest;
    private final Throttles throttles;
    private final Queue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    /** Every request recorded since the start, unlike {@link #calls}, which a test may clear. */
    private final AtomicInteger received = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    SandboxHandler(String legacyKey, Set<String> apiKeys, OAuthServer oauth, Methods methods, RestApi rest, Throttles throttles) {
        this.legacyKey = legacyKey;
        this.apiKeys = Set.copyOf(apiKeys);
        this.oauth = oauth;
        this.oauthEndpoints = new OAuthEndpoints(oauth);
        this.methods = methods;
        this.rest = rest;
        this.throttles = throttles;
    }

    List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    int received() {
        return received.get();
    }

    void clearCalls() {
        calls.clear();
    }

    void injectNext(Fault fault) {
        faults.add(fault);
    }

    void clearFaults() {
        faults.clear();
    }

    void setDelay(Duration delay) {
        this.delay = delay;
    }

    void handleXmlRpc(HttpExchange exchange, boolean legacy) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            XmlRpcWire.Call call;
            try {
                call = XmlRpcWire.parseCall(body);
            } catch (IOException e) {
                record(exchange, null, List.of(), body);
                send(exchange, Reply.of(400, "text/plain", "not an XML-RPC request"), null);
                return;
            }
            record(exchange, call.method(), call.params(), body);
            Fault fault = faults.poll();
            if (!misbehave(exchange, fault)) {
                send(exchange, answer(exchange, legacy, call), fault);
            }
        }
    }

    /**
     * Applies the request's fault, if any, and the general delay; true when the fault was the
     * answer (or the lack of one), false when the request should be answered normally. A sandbox
     * closing during the wait leaves the request unanswered.
     */
    private boolean misbehave(HttpExchange exchange, Fault fault) throws IOException {
        if (fault instanceof Fault.Drop) {
            return true; // closing an exchange that sent no headers closes the connection itself
        }
        if (!pause(fault instanceof Fault.Delay d ? d.delay().plus(delay) : delay)) {
            return true;
        }
        if (fault instanceof Fault.Status s) {
            send(exchange, new Reply(s.status(), s.contentType(), s.body().getBytes(StandardCharsets.UTF_8),
                    s.retryAfter() == null ? Map.of() : Map.of("Retry-After", s.retryAfter())), null);
            return true;
        }
        if (fault instanceof Fault.RawResponse raw) {
            send(exchange, new Reply(200, "text/xml", raw.body(), Map.of()), null);
            return true;
        }
        return false;
    }

    void handleRest(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Map<String, String> query = RestApi.parameters(exchange.getRequestURI().getRawQuery());
            record(exchange, "REST " + exchange.getRequestMethod() + " contacts", List.copyOf(query.entrySet().stream()
                    .map(e -> (Object) (e.getKey() + "=" + e.getValue())).toList()), body);
            Fault fault = faults.poll();
            if (!misbehave(exchange, fault)) {
                send(exchange, restAnswer(exchange, query), fault);
            }
        }
    }

    /**
     * {@code /token}. The recorded params hold the grant_type alone, since the form carries codes,
     * tokens and maybe the client secret; body and headers are kept as they came, like every request's.
     */
    void handleToken(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Map<String, String> form = OAuthEndpoints.form(body);
            record(exchange, "OAuth token", OAuthEndpoints.recordedParams(form), body);
            Fault fault = faults.poll();
            if (!misbehave(exchange, fault)) {
                send(exchange, reply(oauthEndpoints.token(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Authorization"), form)), fault);
            }
        }
    }

    /** {@code /app/oauth/authorize}, which a browser would open: recorded with its query, which holds no secret. */
    void handleAuthorize(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Map<String, String> query;
            try {
                query = RestApi.parameters(exchange.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                record(exchange, "OAuth authorize", List.of(), body);
                send(exchange, Reply.of(400, "text/plain", "Malformed query"), null);
                return;
            }
            record(exchange, "OAuth authorize", query.entrySet().stream().map(e -> (Object) (e.getKey() + "=" + e.getValue())).toList(), body);
            Fault fault = faults.poll();
            if (!misbehave(exchange, fault)) {
                send(exchange, reply(oauthEndpoints.authorize(exchange.getRequestMethod(), query)), fault);
            }
        }
    }

    private static Reply reply(OAuthEndpoints.Answer answer) {
        return new Reply(answer.status(), answer.contentType(), answer.body().getBytes(StandardCharsets.UTF_8), answer.headers());
    }

    private Reply restAnswer(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            return json(RestApi.error(405, "Method not allowed", "Method Not Allowed"));
        }
        Access access = access(exchange, false, List.of());
        if (access == Access.WRONG_KEY) {
            return json(RestApi.error(401, "Invalid API key or access token", "Unauthorized"));
        }
        if (access != Access.KEY && access != Access.TOKEN) {
            return json(new RestApi.Answer(401, gatewayRefusal(access)));
        }
        if (!admit(access, exchange)) {
            return json(new RestApi.Answer(429, RestApi.QUOTA_EXCEEDED)).with(quotaHeaders(access));
        }
        return json(rest.list(query)).with(quotaHeaders(access));
    }

    private static Reply json(RestApi.Answer answer) {
        return Reply.of(answer.status(), "application/json", answer.json());
    }

    private Reply answer(HttpExchange exchange, boolean legacy, XmlRpcWire.Call call) {
        List<Object> params = call.params();
        Access access = access(exchange, legacy, params);
        if (access == Access.WRONG_KEY) {
            return Reply.xml(XmlRpcWire.fault(2, "[InvalidKey]Invalid Key"));
        }
        if (access != Access.KEY && access != Access.TOKEN) {
            return Reply.of(401, "application/json", gatewayRefusal(access));
        }
        if (legacy && !throttles.takeLegacyCredit()) {
            return Reply.xml(XmlRpcWire.fault(3,
                    "[Unexpected]com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled"));
        }
        if (!legacy && !admit(access, exchange)) {
            return Reply.of(429, "application/json", Throttles.quotaViolationBody()).with(quotaHeaders(access));
        }
        List<Object> args = params.isEmpty() ? List.of() : params.subList(1, params.size());
        Map<String, String> quota = legacy ? Map.of() : quotaHeaders(access);
        try {
            return Reply.xml(XmlRpcWire.response(methods.invoke(call.method(), args))).with(quota);
        } catch (Methods.FaultAnswer f) {
            return Reply.xml(XmlRpcWire.fault(f.code, f.getMessage())).with(quota);
        }
    }

    private boolean admit(Access access, HttpExchange exchange) {
        return access == Access.TOKEN ? throttles.admitTokenCall()
                : throttles.admitKeyCall(exchange.getRequestHeaders().getFirst("X-Keap-API-Key"));
    }

    /** Keap's quota headers, which it sends on the answers of both protocols: what the account (or client) has left. */
    private Map<String, String> quotaHeaders(Access access) {
        return access == Access.TOKEN ? throttles.tokenHeaders() : throttles.keyHeaders();
    }

    /**
     * The legacy key travels as the first parameter; elsewhere either a right API key or a valid
     * bearer token lets the call in. A bearer token that does neither is refused the way Keap's
     * gateway refuses it, before the API sees the call; anything else is a wrong key.
     */
    private Access access(HttpExchange exchange, boolean legacy, List<Object> params) {
        if (legacy) {
            return !params.isEmpty() && legacyKey.equals(params.get(0)) ? Access.KEY : Access.WRONG_KEY;
        }
        String key = exchange.getRequestHeaders().getFirst("X-Keap-API-Key");
        if (key != null && apiKeys.contains(key)) {
            return Access.KEY;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Access.WRONG_KEY;
        }
        return switch (oauth.check(authorization.substring(7))) {
            case VALID -> Access.TOKEN;
            case EXPIRED -> Access.TOKEN_EXPIRED;
            case UNKNOWN -> Access.TOKEN_INVALID;
        };
    }

    private static String gatewayRefusal(Access access) {
        return access == Access.TOKEN_EXPIRED ? OAuthEndpoints.ACCESS_TOKEN_EXPIRED : OAuthEndpoints.INVALID_ACCESS_TOKEN;
    }

    private void record(HttpExchange exchange, String method, List<Object> params, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String requestLine = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getProtocol();
        received.incrementAndGet();
        calls.add(new RecordedCall(exchange.getRequestURI().getPath(), method, List.copyOf(params), Map.copyOf(headers),
                System.nanoTime(), requestLine, body));
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body over " + MAX_BODY + " bytes");
        }
        return body;
    }

    /** Sleeps for {@code duration}; false when interrupted, which is the sandbox closing. */
    private static boolean pause(Duration duration) {
        if (duration.isZero()) {
            return true;
        }
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends the reply: at once, or paced the way a trickle or hang fault asks. */
    private static void send(HttpExchange exchange, Reply reply, Fault fault) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        OutputStream out = exchange.getResponseBody();
        // SlowBody closes the body only once it is complete: cut short, the exchange's close drops the connection.
        if (fault instanceof Fault.Trickle t) {
            SlowBody.trickle(out, body, t.perByte());
        } else if (fault instanceof Fault.HangAfterHeaders h) {
            SlowBody.afterHang(out, body, h.hang());
        } else {
            try (out) {
                out.write(body);
            }
        }
    }
}
