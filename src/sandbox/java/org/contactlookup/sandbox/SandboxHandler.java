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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the sandbox does with each request: records it, applies the next queued fault, checks the
 * key, throttles, and answers, over XML-RPC or REST v2. Thread-safe.
 */
final class SandboxHandler {
    private static final int MAX_BODY = 1 << 20;

    private final String legacyKey;
    private final String apiKey;
    private final String oauthToken;
    private final Methods methods;
    private final RestApi rest;
    private final Throttles throttles;
    private final Queue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile Duration delay = Duration.ZERO;

    SandboxHandler(String legacyKey, String apiKey, String oauthToken, Methods methods, RestApi rest, Throttles throttles) {
        this.legacyKey = legacyKey;
        this.apiKey = apiKey;
        this.oauthToken = oauthToken;
        this.methods = methods;
        this.rest = rest;
        this.throttles = throttles;
    }

    List<RecordedCall> calls() {
        return List.copyOf(calls);
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
                record(exchange, null, List.of());
                send(exchange, 400, "text/plain", "not an XML-RPC request".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            record(exchange, call.method(), call.params());
            if (!misbehave(exchange)) {
                answer(exchange, legacy, call);
            }
        }
    }

    /**
     * Applies the next queued fault, and the general delay; true when the fault was the answer
     * (or the lack of one), false when the request should be answered normally.
     */
    private boolean misbehave(HttpExchange exchange) throws IOException {
        Fault fault = faults.poll();
        if (fault instanceof Fault.Drop) {
            return true; // closing an exchange that sent no headers closes the connection itself
        }
        pause(fault instanceof Fault.Delay d ? d.delay().plus(delay) : delay);
        if (fault instanceof Fault.Status s) {
            send(exchange, s.status(), s.contentType(), s.body().getBytes(StandardCharsets.UTF_8), s.retryAfter());
            return true;
        }
        if (fault instanceof Fault.RawResponse raw) {
            send(exchange, 200, "text/xml", raw.body(), null);
            return true;
        }
        return false;
    }

    void handleRest(HttpExchange exchange) throws IOException {
        try (exchange) {
            readBody(exchange.getRequestBody());
            Map<String, String> query = RestApi.parameters(exchange.getRequestURI().getRawQuery());
            record(exchange, "REST " + exchange.getRequestMethod() + " contacts", List.copyOf(query.entrySet().stream()
                    .map(e -> (Object) (e.getKey() + "=" + e.getValue())).toList()));
            if (misbehave(exchange)) {
                return;
            }
            RestApi.Answer answer;
            if (!exchange.getRequestMethod().equals("GET")) {
                answer = RestApi.error(405, "Method not allowed", "Method Not Allowed");
            } else if (!authorized(exchange, false, List.of())) {
                answer = RestApi.error(401, "Invalid API key or access token", "Unauthorized");
            } else if (!throttles.admitApiCall()) {
                answer = new RestApi.Answer(429, RestApi.QUOTA_EXCEEDED);
            } else {
                answer = rest.list(query);
            }
            send(exchange, answer.status(), "application/json", answer.json().getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private void answer(HttpExchange exchange, boolean legacy, XmlRpcWire.Call call) throws IOException {
        List<Object> params = call.params();
        if (!authorized(exchange, legacy, params)) {
            sendXml(exchange, XmlRpcWire.fault(2, "[InvalidKey]Invalid Key"));
            return;
        }
        if (legacy && !throttles.takeLegacyCredit()) {
            sendXml(exchange, XmlRpcWire.fault(3,
                    "[Unexpected]com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled"));
            return;
        }
        if (!legacy && !throttles.admitApiCall()) {
            send(exchange, 429, "application/json", Throttles.quotaViolationBody().getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        List<Object> args = params.isEmpty() ? List.of() : params.subList(1, params.size());
        try {
            Object result = methods.invoke(call.method(), args);
            sendXml(exchange, XmlRpcWire.response(result));
        } catch (Methods.FaultAnswer f) {
            sendXml(exchange, XmlRpcWire.fault(f.code, f.getMessage()));
        }
    }

    private boolean authorized(HttpExchange exchange, boolean legacy, List<Object> params) {
        if (legacy) {
            return !params.isEmpty() && legacyKey.equals(params.get(0));
        }
        String sentKey = exchange.getRequestHeaders().getFirst("X-Keap-API-Key");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return apiKey.equals(sentKey) || ("Bearer " + oauthToken).equals(authorization);
    }

    private void record(HttpExchange exchange, String method, List<Object> params) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        calls.add(new RecordedCall(exchange.getRequestURI().getPath(), method, List.copyOf(params), headers, System.nanoTime()));
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body over " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendXml(HttpExchange exchange, byte[] xml) throws IOException {
        send(exchange, 200, "text/xml; charset=UTF-8", xml, null);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String retryAfter) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
