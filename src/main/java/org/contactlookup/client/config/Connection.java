package org.contactlookup.client.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named connection: the Java form of a line of the guide's {@code conn.cfg.php}. Immutable;
 * every value is checked when it is built, and {@code toString()} never shows the key.
 *
 * <p>Defaults: the endpoint follows the auth type ({@code https://APP.infusionsoft.com/api/xmlrpc}
 * for {@code i}, {@code https://api.infusionsoft.com/crm/xmlrpc/v1} otherwise); the JVM's trust
 * store; a connect timeout of {@value #DEFAULT_CONNECT_SECONDS} s and a read timeout of
 * {@value #DEFAULT_READ_SECONDS} s; the call policy of {@link CallPolicy#defaults(AuthType)}.
 *
 * @param trust  a PEM certificate file to trust instead of the JVM's default; {@code null} for the default
 * @param policy   rate limits, retries and deadline; {@code null} for {@link CallPolicy#defaults}
 * @param protocol XML-RPC or REST v2; {@code null} for XML-RPC
 * @param oauth    for an OAuth2 connection that refreshes its own tokens: its client id and
 *                 where the tokens are kept; its {@code key} is then the client secret, the
 *                 connection's long-lived secret. {@code null} for a key or a fixed token
 */
public record Connection(String name, String application, AuthType authType, Secret key,
                         URI endpoint, Path trust, Duration connectTimeout, Duration readTimeout, CallPolicy policy,
                         Protocol protocol, OAuthSettings oauth) {

    public static final int DEFAULT_CONNECT_SECONDS = 5;
    public static final int DEFAULT_READ_SECONDS = 15;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern APPLICATION = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public Connection {
        checkNames(name, application);
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(key, "key");
        protocol = protocol == null ? Protocol.XMLRPC : protocol;
        require(!(protocol == Protocol.REST && authType == AuthType.LEGACY_KEY),
                "the legacy key (type i) works only over XML-RPC; use a Keap API key (k) or an OAuth2 token (o) for REST");
        endpoint = endpoint == null ? defaultEndpoint(authType, protocol, application) : endpoint;
        checkEndpoint(endpoint);
        require(protocol != Protocol.REST || !endpoint.getPath().contains("xmlrpc"),
                "endpoint '" + endpoint + "' is an XML-RPC address, but the protocol is rest: point it at the REST v2 base, "
                        + "such as " + KEAP_REST + ", or leave it out for Keap's");
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_SECONDS, "connect timeout");
        readTimeout = positive(readTimeout, DEFAULT_READ_SECONDS, "read timeout");
        policy = policy == null ? CallPolicy.defaults(authType) : policy;
        require(oauth == null || authType == AuthType.OAUTH2, "a client id and token file belong to an OAuth2 connection (type o) only");
    }

    /**
     * The checks on a connection's name and application name, for a reader of connection lines
     * that wants the error on the line before the rest of the connection is known.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static void checkNames(String name, String application) {
        require(name != null && NAME.matcher(name).matches(),
                "connection name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
        require(application != null && APPLICATION.matcher(application).matches(),
                "application name '" + application + "' must be a host name label (letters, digits, '-')");
    }

    /** A connection with the default endpoint, trust and timeouts. */
    public static Connection of(String name, String application, AuthType authType, Secret key) {
        return new Connection(name, application, authType, key, null, null, null, null, null, null, null);
    }

    public Connection withEndpoint(URI newEndpoint, Path newTrust) {
        return new Connection(name, application, authType, key, newEndpoint, newTrust, connectTimeout, readTimeout, policy, protocol, oauth);
    }

    public Connection withTimeouts(Duration connect, Duration read) {
        return new Connection(name, application, authType, key, endpoint, trust, connect, read, policy, protocol, oauth);
    }

    public Connection withPolicy(CallPolicy newPolicy) {
        return new Connection(name, application, authType, key, endpoint, trust, connectTimeout, readTimeout, newPolicy, protocol, oauth);
    }

    /** The same connection over {@code newProtocol}; a default endpoint follows the protocol. */
    public Connection withProtocol(Protocol newProtocol) {
        URI keep = endpoint.equals(defaultEndpoint(authType, protocol, application)) ? null : endpoint;
        return new Connection(name, application, authType, key, keep, trust, connectTimeout, readTimeout, policy, newProtocol, oauth);
    }

    /**
     * The same OAuth2 connection refreshing its own tokens as {@code settings} say; its key must
     * then be the client secret.
     */
    public Connection withOAuth(OAuthSettings settings) {
        return new Connection(name, application, authType, key, endpoint, trust, connectTimeout, readTimeout, policy, protocol, settings);
    }

    /** Keap's REST v2 base address. */
    public static final URI KEAP_REST = URI.create("https://api.infusionsoft.com/crm/rest/v2");

    private static URI defaultEndpoint(AuthType type, Protocol protocol, String application) {
        return protocol == Protocol.REST ? KEAP_REST : type.defaultEndpoint(application);
    }

    /** True when the connection names an endpoint of its own rather than Keap's for its type and protocol. */
    public boolean namesItsOwnEndpoint() {
        return !endpoint.equals(defaultEndpoint(authType, protocol, application));
    }

    public Optional<Path> trustFile() {
        return Optional.ofNullable(trust);
    }

    private static void checkEndpoint(URI endpoint) {
        // A key must never travel in a URL (URLs get logged), so nothing that could carry one is
        // allowed, and this is checked before any message below quotes the address.
        require(endpoint.getRawUserInfo() == null && endpoint.getRawQuery() == null && endpoint.getRawFragment() == null,
                "endpoint must not carry user info, a query or a fragment");
        require("https".equalsIgnoreCase(endpoint.getScheme()),
                "endpoint '" + endpoint + "' must use https: Infusionsoft refuses plain http");
        require(endpoint.getHost() != null, "endpoint '" + endpoint + "' has no host");
    }

    private static Duration positive(Duration value, int defaultSeconds, String what) {
        if (value == null) {
            return Duration.ofSeconds(defaultSeconds);
        }
        require(!value.isNegative() && !value.isZero() && value.toMillis() <= Integer.MAX_VALUE,
                what + " must be positive, not " + value);
        return value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
