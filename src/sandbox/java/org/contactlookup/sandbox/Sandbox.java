package org.contactlookup.sandbox;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Infusionsoft: real XML-RPC over real HTTPS on loopback, seeded with
 * {@link DemoContacts}. It serves the legacy endpoint ({@code /api/xmlrpc}, key as the first
 * parameter) and Keap's ({@code /crm/xmlrpc/v1}, key in {@code X-Keap-API-Key} or
 * {@code Authorization: Bearer}); checks the key; throttles like Infusionsoft; records every
 * request; and can be told to misbehave with {@link #injectNext(Fault)}. It counts the
 * connections it serves ({@link #connectionsAccepted()}) and can hand out an address that accepts
 * connections and never answers ({@link #silentEndpoint(String)}).
 *
 * <p>Defaults: a free port; new random keys; a new self-signed certificate in a temporary
 * folder; Infusionsoft's limits (legacy: 10,000 credits, one back per 500 ms; keys: 10 per
 * second, 240 per minute). Thread-safe; {@link #close()} ends every connection at once, even one
 * in the middle of a slow answer.
 */
public final class Sandbox implements AutoCloseable {
    public static final String LEGACY_PATH = "/api/xmlrpc";
    public static final String KEAP_PATH = "/crm/xmlrpc/v1";
    /** Room for hundreds of simultaneous connects, so a pressure test never waits on SYN retries. */
    static final int BACKLOG = 1024;

    private final HttpsServer server;
    private final ExecutorService workers;
    private final SelfSignedCertificate certificate;
    private final Builder settings;
    private final SandboxHandler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private SilentListener silent;
    private boolean closed;

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
        ContactStore store = ContactStore.seeded();
        this.handler = new SandboxHandler(settings.legacyKey, settings.apiKey, settings.oauthToken, new Methods(store),
                new RestApi(store, settings.restPageSize),
                new Throttles(settings.legacyCredits, settings.legacyRefill, settings.perSecond, settings.perMinute));
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), BACKLOG);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                // The JDK's server calls this once per connection, as it sets up that connection's
                // TLS engine on the first bytes received: a kept-alive connection is counted once.
                connections.incrementAndGet();
                super.configure(parameters);
            }
        });
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext(LEGACY_PATH, exchange -> handler.handleXmlRpc(exchange, true));
        server.createContext(KEAP_PATH, exchange -> handler.handleXmlRpc(exchange, false));
        server.createContext(RestApi.PATH, handler::handleRest);
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
        return handler.calls();
    }

    public void clearCalls() {
        handler.clearCalls();
    }

    /** Queues a fault for the next request that has none queued before it. */
    public void injectNext(Fault fault) {
        handler.injectNext(fault);
    }

    /** Forgets faults queued and not yet used. */
    public void clearFaults() {
        handler.clearFaults();
    }

    /** Delays every answer by {@code delay} (zero for none), like a slow API. */
    public void setDelay(Duration delay) {
        handler.setDelay(delay);
    }

    /**
     * How many connections the HTTPS server has taken on since it started, each of which did one
     * TLS handshake: counted when a connection's first bytes arrive, so a connection that never
     * sends anything is not counted. Never reset; read it before and after what you measure.
     */
    public int connectionsAccepted() {
        return connections.get();
    }

    /**
     * An address, {@code https://localhost:PORT} followed by {@code path}, of a second loopback
     * listener that accepts TCP connections and then never reads or writes a byte: a client's
     * TLS handshake there waits until its own timeout. Opened on first use, on a port of its own;
     * its connections stay open until {@link #close()}.
     *
     * @throws IllegalArgumentException when {@code path} does not start with {@code /}
     * @throws IllegalStateException    when the sandbox is closed
     * @throws UncheckedIOException     when the listener cannot be opened
     */
    public URI silentEndpoint(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        return URI.create("https://localhost:" + silentListener().port() + path);
    }

    /** How many connections the listener behind {@link #silentEndpoint(String)} has accepted; 0 before it opens. */
    public synchronized int silentConnections() {
        return silent == null ? 0 : silent.accepted();
    }

    private synchronized SilentListener silentListener() {
        if (closed) {
            throw new IllegalStateException("the sandbox is closed");
        }
        if (silent == null) {
            try {
                silent = new SilentListener();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the sandbox's silent listener: " + e.getMessage(), e);
            }
        }
        return silent;
    }

    /**
     * Stops at once: closes every connection, the silent listener's too, and interrupts answers
     * still being paced or delayed. Waits for none of them.
     */
    @Override
    public void close() {
        SilentListener opened;
        synchronized (this) {
            closed = true;
            opened = silent;
        }
        if (opened != null) {
            opened.close();
        }
        server.stop(0);
        workers.shutdownNow();
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
