package org.contactlookup.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Infusionsoft: real XML-RPC over real HTTPS on loopback, seeded with
 * {@link DemoContacts}. It serves the legacy endpoint ({@code /api/xmlrpc}, key as the first
 * parameter) and Keap's ({@code /crm/xmlrpc/v1}, key in {@code X-Keap-API-Key} or
 * {@code Authorization: Bearer}); checks the key; throttles like Infusionsoft; records every
 * request; and can be told to misbehave with {@link #injectNext(Fault)}.
 *
 * <p>Defaults: a free port; new random keys; a new self-signed certificate in a temporary
 * folder; Infusionsoft's limits (legacy: 10,000 credits, one back per 500 ms; keys: 10 per
 * second, 240 per minute).
 */
public final class Sandbox implements AutoCloseable {
    public static final String LEGACY_PATH = "/api/xmlrpc";
    public static final String KEAP_PATH = "/crm/xmlrpc/v1";
    private static final int MAX_BODY = 1 << 20;

    private final HttpsServer server;
    private final ExecutorService workers;
    private final SelfSignedCertificate certificate;
    private final Builder settings;
    private final ContactStore store = ContactStore.seeded();
    private final Methods methods = new Methods(store);
    private final RestApi rest;
    private final Throttles throttles;
    private final Queue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile Duration delay = Duration.ZERO;

    static {
        // The JDK's server writes headers and body separately; with Nagle on, each answer would
        // wait out the client's delayed acknowledgement (about 40 ms). Read once, when the JDK's
        // server classes load; this only runs where the sandbox does, never in the WAR.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private Sandbox(Builder settings) throws IOException {
        this.settings = settings;
        Path folder = settings.folder != null ? settings.folder : Files.createTempDirectory("sandbox");
        this.certificate = SelfSignedCertificate.generate(folder);
        this.rest = new RestApi(store, settings.restPageSize);
        this.throttles = new Throttles(settings.legacyCredits, settings.legacyRefill, settings.perSecond, settings.perMinute);
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext(LEGACY_PATH, exchange -> handle(exchange, true));
        server.createContext(KEAP_PATH, exchange -> handle(exchange, false));
        server.createContext(RestApi.PATH, this::handleRest);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The guide's endpoint shape, where the key is the first parameter. */
    public URI legacyEndpoint() {
        return URI.create("https://localhost:" + port() + LEGACY_PATH);
    }

    /** Keap's REST v2 base address. */
    public URI restEndpoint() {
        return URI.create("https://localhost:" + port() + "/crm/rest/v2");
    }

    /** Keap's endpoint shape, where the key or token travels in a header. */
    public URI keapEndpoint() {
        return URI.create("https://localhost:" + port() + KEAP_PATH);
    }

    /** The sandbox's certificate in PEM: give it to a connection as its trust file. */
    public Path certificate() {
        return certificate.pem();
    }

    public String legacyKey() {
        return settings.legacyKey;
    }

    public String apiKey() {
        return settings.apiKey;
    }

    public String oauthToken() {
        return settings.oauthToken;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Queues a fault for the next request that has none queued before it. */
    public void injectNext(Fault fault) {
        faults.add(fault);
    }

    /** Forgets faults queued and not yet used. */
    public void clearFaults() {
        faults.clear();
    }

    /** Delays every answer by {@code delay} (zero for none), like a slow API. */
    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange, boolean legacy) throws IOException {
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

    private void handleRest(HttpExchange exchange) throws IOException {
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
            return !params.isEmpty() && settings.legacyKey.equals(params.get(0));
        }
        String apiKey = exchange.getRequestHeaders().getFirst("X-Keap-API-Key");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return settings.apiKey.equals(apiKey) || ("Bearer " + settings.oauthToken).equals(authorization);
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

    /** Settings for a new sandbox; each has the default the class comment gives. */
    public static final class Builder {
        private int port;
        private Path folder;
        private String legacyKey = randomKey("legacy-");
        private String apiKey = randomKey("KeapAK-sandbox-");
        private String oauthToken = randomKey("oauth-");
        private int legacyCredits = 10_000;
        private Duration legacyRefill = Duration.ofMillis(500);
        private int perSecond = 10;
        private int perMinute = 240;
        private int restPageSize = 1000;

        private Builder() {
        }

        private static String randomKey(String prefix) {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return prefix + HexFormat.of().formatHex(bytes);
        }

        /** The port to listen on, 0 for any free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where the certificate goes; a new temporary folder when not set. */
        public Builder folder(Path folder) {
            this.folder = folder;
            return this;
        }

        public Builder keys(String legacyKey, String apiKey, String oauthToken) {
            this.legacyKey = legacyKey;
            this.apiKey = apiKey;
            this.oauthToken = oauthToken;
            return this;
        }

        /** The legacy credit pool: {@code capacity} credits, one back every {@code refill}. */
        public Builder legacyCredits(int capacity, Duration refill) {
            this.legacyCredits = capacity;
            this.legacyRefill = refill;
            return this;
        }

        /** Quotas for key and token calls: at most this many per second and per minute. */
        public Builder apiQuota(int perSecond, int perMinute) {
            this.perSecond = perSecond;
            this.perMinute = perMinute;
            return this;
        }

        /** The most contacts one REST page holds, whatever the client asks; small values make tests page. */
        public Builder restPageSize(int size) {
            this.restPageSize = size;
            return this;
        }

        public Sandbox start() throws IOException {
            return new Sandbox(this);
        }
    }
}
