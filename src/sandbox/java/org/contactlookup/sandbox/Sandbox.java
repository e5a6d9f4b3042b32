package org.contactlookup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Infusionsoft: real XML-RPC over real HTTPS on loopback, seeded with
 * {@link DemoContacts} or the {@link SeedContacts} a test gives. It serves the legacy endpoint
 * ({@code /api/xmlrpc}, key as the first parameter), Keap's ({@code /crm/xmlrpc/v1}, key in
 * {@code X-Keap-API-Key} or {@code Authorization: Bearer}) and REST v2's contact list; checks the
 * key; throttles like Infusionsoft; records every request, bytes and all; and can be told to
 * misbehave with {@link #injectNext(Fault)}. It counts the connections it serves
 * ({@link #connectionsAccepted()}) and can hand out an address that accepts connections and never
 * answers ({@link #silentEndpoint(String)}). In JUnit 5 tests, {@link SandboxExtension} starts and
 * stops it.
 *
 * <p>Defaults: a free port; new random keys; a new self-signed certificate in a temporary
 * folder, deleted on close; the demo contacts; the system clock in Eastern time; Infusionsoft's
 * limits (legacy: 10,000 credits, one back per 500 ms; keys: 10 per second, 240 per minute).
 * Thread-safe; {@link #close()} ends every connection at once, even one in the middle of a slow
 * answer.
 */
public final class Sandbox implements AutoCloseable {
    public static final String LEGACY_PATH = "/api/xmlrpc";
    public static final String KEAP_PATH = "/crm/xmlrpc/v1";
    /** Room for hundreds of simultaneous connects, so a pressure test never waits on SYN retries. */
    static final int BACKLOG = 1024;

    private final HttpsListener server;
    private final SelfSignedCertificate certificate;
    private final Builder settings;
    private final SandboxHandler handler;
    private final ContactStore store;
    private SilentListener silent;
    private boolean closed;

    private Sandbox(Builder settings) throws IOException {
        this.settings = settings;
        this.certificate = settings.folder != null ? SelfSignedCertificate.generate(settings.folder)
                : SelfSignedCertificate.generateInTemporaryFolder();
        this.store = new ContactStore(settings.seed.contacts(settings.clock.getZone()),
                ContactFields.with(settings.seed.customFields()), settings.clock);
        this.handler = new SandboxHandler(settings.legacyKey, settings.apiKey, settings.oauthToken, new Methods(store),
                new RestApi(store, settings.restPageSize),
                new Throttles(settings.legacyCredits, settings.legacyRefill, settings.perSecond, settings.perMinute));
        this.server = new HttpsListener(settings.port, certificate.serverContext(), handler);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.port();
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

    /** A TLS context that trusts this sandbox's certificate and nothing else, for a client under test. */
    public SSLContext trust() {
        return certificate.clientContext();
    }

    /** Copies of every contact as it stands now, by Id, with every field that has a value. */
    public List<Map<String, Object>> contacts() {
        return store.select(c -> true, ContactStore.byId());
    }

    /** Whether {@code APIEmailService.optIn} has opted this address in, ignoring case. */
    public boolean optedIn(String email) {
        return store.optedIn(email);
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
        return server.connections();
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
        server.stop();
        certificate.discardTemporaryFolder();
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
        private SeedContacts seed = SeedContacts.demo();
        private Clock clock = Clock.system(ZoneId.of("America/New_York"));

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

        /** The contacts it starts with, instead of the demo contacts. */
        public Builder contacts(SeedContacts seed) {
            this.seed = Objects.requireNonNull(seed, "seed");
            return this;
        }

        /**
         * Where DateCreated and LastUpdated come from, and in which zone dates are written; a fixed
         * clock makes them exact in a test. Default: the system clock in America/New_York, since
         * Infusionsoft gives its dates in Eastern time.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Sandbox start() throws IOException {
            return new Sandbox(this);
        }
    }
}
