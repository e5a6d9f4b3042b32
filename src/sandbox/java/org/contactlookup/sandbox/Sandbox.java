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
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Infusionsoft: real XML-RPC over real HTTPS on loopback, seeded with
 * {@link DemoContacts} or the {@link SeedContacts} a test gives. It serves the legacy endpoint
 * ({@code /api/xmlrpc}, key as the first parameter), Keap's ({@code /crm/xmlrpc/v1}, key in
 * {@code X-Keap-API-Key} or {@code Authorization: Bearer}) and REST v2's contact list; checks the
 * key; throttles like Infusionsoft; records every request, bytes and all; and can be told to
 * misbehave with {@link #injectNext(Fault)}. Like Keap it issues OAuth2 tokens: an authorize page
 * ({@link #authorizeEndpoint()}) that approves at once and redirects with a one-time code, and a
 * token endpoint ({@link #tokenEndpoint()}) that exchanges the code, or a refresh token, for a new
 * access token and refresh token, the refresh token presented then used up. A bearer token past its
 * expiry, or one never issued, gets the 401 Keap's gateway gives; {@link #oauthToken()} never
 * expires. {@link #issueTokens()} skips the authorize step. It counts the connections it serves
 * ({@link #connectionsAccepted()}) and can hand out an address that accepts connections and never
 * answers ({@link #silentEndpoint(String)}). In JUnit 5 tests, {@link SandboxExtension} starts and
 * stops it.
 *
 * <p>Defaults: a free port; new random keys, and a new random OAuth2 client id and secret; Keap's
 * token lifetimes (access tokens 24 hours, refresh tokens 45 days); a new self-signed certificate
 * in a temporary folder, deleted on close; the demo contacts; the system clock in Eastern time;
 * Infusionsoft's limits (legacy: 10,000 credits, one back per 500 ms; keys: 10 per second, 240 per
 * minute; OAuth2 bearer tokens, counted apart: 25 per second, 1,500 per minute, 150,000 per UTC
 * day), which the token endpoint and authorize page do not count against. Its counters are served
 * as JSON at {@value SandboxCounters#PATH}.
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
    private final OAuthServer oauth;
    private final Throttles throttles;
    private SilentListener silent;
    private boolean closed;

    private Sandbox(Builder settings) throws IOException {
        this.settings = settings;
        this.certificate = settings.folder != null ? SelfSignedCertificate.generate(settings.folder)
                : SelfSignedCertificate.generateInTemporaryFolder();
        this.store = new ContactStore(settings.seed.contacts(settings.clock.getZone()),
                ContactFields.with(settings.seed.customFields()), settings.clock);
        this.oauth = new OAuthServer(settings.oauthToken, settings.oauthClientId, settings.oauthClientSecret,
                settings.accessLifetime, settings.refreshLifetime, settings.keptTokens);
        this.throttles = new Throttles(settings.legacyCredits, settings.legacyRefill, settings.keyQuota, settings.tokenQuota());
        this.handler = new SandboxHandler(settings.legacyKey, Set.of(settings.apiKey, settings.secondApiKey), oauth, new Methods(store),
                new RestApi(store, settings.restPageSize, settings.nextTokenOnLastPage), throttles);
        this.server = new HttpsListener(settings.port, certificate.serverContext(), handler);
        server.route(SandboxCounters.PATH, new CountersEndpoint(this::counters));
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

    /** Keap's token endpoint shape, {@code https://localhost:PORT/token}: POST a form to exchange a code or a refresh token. */
    public URI tokenEndpoint() {
        return URI.create("https://localhost:" + port() + OAuthEndpoints.TOKEN_PATH);
    }

    /**
     * Keap's authorize page shape, {@code https://localhost:PORT/app/oauth/authorize}: a GET with
     * {@code client_id}, {@code redirect_uri}, {@code response_type=code} and optionally
     * {@code scope} and {@code state} is approved at once with a 302 to the redirect address,
     * carrying {@code code}, {@code scope} and the {@code state} sent.
     */
    public URI authorizeEndpoint() {
        return URI.create("https://localhost:" + port() + OAuthEndpoints.AUTHORIZE_PATH);
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

    /**
     * A second API key of the same account, as another integration on it would have: its calls
     * spend the account's minute and day quotas with {@link #apiKey()}'s, and it has its own
     * per-second limit.
     */
    public String secondApiKey() {
        return settings.secondApiKey;
    }

    /** A bearer token that opens the API for as long as the sandbox runs, unlike those it issues. */
    public String oauthToken() {
        return settings.oauthToken;
    }

    /** The one OAuth2 client's id, for the authorize page and the token endpoint. */
    public String oauthClientId() {
        return settings.oauthClientId;
    }

    /** The one OAuth2 client's secret, for the token endpoint. */
    public String oauthClientSecret() {
        return settings.oauthClientSecret;
    }

    /**
     * A new access token and refresh token, as if an operator had just authorized and the code had
     * been exchanged, for tests that skip those steps; not counted by {@link #codesExchanged()}.
     */
    public IssuedTokens issueTokens() {
        return oauth.issue();
    }

    /** How many refresh grants the token endpoint has granted since the sandbox started. */
    public int refreshesGranted() {
        return oauth.refreshesGranted();
    }

    /**
     * How many refresh grants the token endpoint has refused because the refresh token was unknown,
     * used already or expired; requests refused before that check (client, grant type, missing
     * parameter) are not counted.
     */
    public int refreshesRefused() {
        return oauth.refreshesRefused();
    }

    /** How many authorization codes the token endpoint has exchanged for tokens. */
    public int codesExchanged() {
        return oauth.codesExchanged();
    }

    /** How many API calls, XML-RPC or REST, were refused because their bearer token had expired. */
    public int expiredTokenCalls() {
        return oauth.expiredTokenCalls();
    }

    /** The quotas bearer-token calls are held to, for the connection file's {@code limits} line. */
    Quota tokenQuota() {
        return settings.tokenQuota();
    }

    /** Everything counted so far, at one moment; what {@value SandboxCounters#PATH} serves. */
    public SandboxCounters counters() {
        return new SandboxCounters(handler.received(), server.connections(), throttles.refused(), oauth.codesExchanged(),
                oauth.refreshesGranted(), oauth.refreshesRefused(), oauth.expiredTokenCalls());
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
        private final String secondApiKey = randomKey("KeapAK-other-");
        private String oauthToken = randomKey("oauth-");
        private String oauthClientId = randomKey("sandbox-client-");
        private String oauthClientSecret = randomKey("sandbox-secret-");
        private Duration accessLifetime = Duration.ofHours(24);
        private Duration refreshLifetime = Duration.ofDays(45);
        private int legacyCredits = 10_000;
        private Duration legacyRefill = Duration.ofMillis(500);
        private Quota keyQuota = Quota.KEAP_KEYS;
        private Quota tokenQuota;
        private boolean keyQuotaSet;
        private KeptTokens keptTokens;
        private int restPageSize = 1000;
        private boolean nextTokenOnLastPage;
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

        /**
         * The one OAuth2 client the token endpoint and authorize page know. Default: a random
         * {@code sandbox-client-} and {@code sandbox-secret-}, each followed by 32 hex digits.
         *
         * @throws IllegalArgumentException when either is null or blank, or the id holds a
         *                                  {@code :}, which HTTP Basic could not carry
         */
        public Builder oauthClient(String clientId, String clientSecret) {
            if (clientId == null || clientId.isBlank() || clientId.contains(":")) {
                throw new IllegalArgumentException("OAuth client id must be non-blank and without ':': " + clientId);
            }
            if (clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalArgumentException("OAuth client secret must not be blank");
            }
            this.oauthClientId = clientId;
            this.oauthClientSecret = clientSecret;
            return this;
        }

        /**
         * How long issued access tokens and refresh tokens last. Default: Keap's, 24 hours and 45
         * days; tests set them short to see expiry.
         *
         * @throws IllegalArgumentException when either is null, under a second, or not whole seconds,
         *                                  since {@code expires_in} counts whole seconds
         */
        public Builder tokenLifetimes(Duration access, Duration refresh) {
            this.accessLifetime = wholeSeconds("access token lifetime", access);
            this.refreshLifetime = wholeSeconds("refresh token lifetime", refresh);
            return this;
        }

        private static Duration wholeSeconds(String name, Duration value) {
            if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0 || value.getNano() != 0) {
                throw new IllegalArgumentException(name + " must be whole seconds, at least 1: " + value);
            }
            return value;
        }

        /** The legacy credit pool: {@code capacity} credits, one back every {@code refill}. */
        public Builder legacyCredits(int capacity, Duration refill) {
            this.legacyCredits = capacity;
            this.legacyRefill = refill;
            return this;
        }

        /**
         * Quotas for API-key calls: at most this many per second and per minute. Unless
         * {@link #oauthQuota} is set, bearer-token calls get the same quotas, counted apart, so that
         * a test that lifts the limits lifts them for both.
         *
         * @throws IllegalArgumentException when a count is below 1
         */
        public Builder apiQuota(int perSecond, int perMinute) {
            this.keyQuota = new Quota(perSecond, perMinute, 0);
            this.keyQuotaSet = true;
            return this;
        }

        /**
         * As {@link #apiQuota(int, int)}, with a day quota for the account: at most {@code perDay}
         * key calls in a UTC day, by {@link #apiKey()} and {@link #secondApiKey()} together.
         * Default: Keap's 10, 240 and 30,000.
         */
        public Builder apiQuota(int perSecond, int perMinute, int perDay) {
            this.keyQuota = new Quota(perSecond, perMinute, perDay);
            this.keyQuotaSet = true;
            return this;
        }

        /**
         * Quotas for OAuth2 bearer-token calls, counted apart from key calls: at most this many per
         * second, per minute and per UTC day (0 for no day quota). Default: Keap's, 25, 1,500 and
         * 150,000 (or {@link #apiQuota}'s, when only that is set).
         *
         * @throws IllegalArgumentException when a count is out of range
         */
        public Builder oauthQuota(int perSecond, int perMinute, int perDay) {
            this.tokenQuota = new Quota(perSecond, perMinute, perDay);
            return this;
        }

        private Quota tokenQuota() {
            return tokenQuota != null ? tokenQuota : keyQuotaSet ? keyQuota : Quota.KEAP_OAUTH2;
        }

        /**
         * Keeps the OAuth2 tokens issued in {@code file} (their digests, owner-only) and takes up
         * those kept there for the same client at start, so that a restart with the same client id
         * and secret signs no app out. Default: none kept.
         */
        public Builder keepIssuedTokens(Path file) {
            this.keptTokens = new KeptTokens(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * The most contacts one REST page holds, whatever the client asks; small values make tests
         * page. Keap fills every page but the last up to the {@code page_size} asked (at most 1,000),
         * so a client that asks for more than this sees short pages that are not the last.
         */
        public Builder restPageSize(int size) {
            this.restPageSize = size;
            return this;
        }

        /**
         * Whether a REST listing's last page still carries a {@code next_page_token}, as Keap's may;
         * following it gives an empty page with the same token. Default: false, the token is empty.
         */
        public Builder nextTokenOnLastPage(boolean sendToken) {
            this.nextTokenOnLastPage = sendToken;
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
