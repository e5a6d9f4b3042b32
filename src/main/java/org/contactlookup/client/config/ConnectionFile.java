package org.contactlookup.client.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java counterpart of the guide's {@code conn.cfg.php}: a text file of named connections.
 *
 * <pre>
 * # name:application:type:key:comment
 * main:myapp:k:$KEAP_API_KEY:Service account key for myapp
 * main.endpoint = https://proxy.example.com/crm/xmlrpc/v1
 * main.trust = proxy-ca.pem
 * main.connectTimeout = 5s
 * main.readTimeout = 15s
 * main.limits = 10/s, 240/min, 30000/day
 * main.permitWait = 250ms
 * main.deadline = 20s
 * main.attempts = 3
 * main.cache = 30s
 * main.cacheSize = 1000
 * main.maxInFlight = 50
 * main.protocol = rest
 *
 * # an OAuth2 connection that refreshes its own tokens: the key field names the token file
 * oauth:myapp:o:@oauth-tokens.json:Keap OAuth2 application
 * oauth.clientId = $KEAP_CLIENT_ID
 * oauth.clientSecret = @keap-client.secret
 * oauth.redirectUri = https://admin.example.com/keap-authorized
 * oauth.tokenEndpoint = https://api.infusionsoft.com/token
 * oauth.authorizeEndpoint = https://accounts.infusionsoft.com/app/oauth/authorize
 * </pre>
 *
 * The type is {@code i}, {@code k} or {@code o} ({@link AuthType}). The key field holds
 * {@code $NAME} (an environment variable), {@code @path} (a file whose content is the key) or
 * the key itself. Relative paths are taken from the folder the file is in. Lines starting with
 * {@code #} and blank lines are ignored. A key is read only when its connection is asked for,
 * so a missing variable of another connection does not stop this one.
 */
public final class ConnectionFile {
    private static final Pattern SETTING = Pattern.compile("([A-Za-z0-9_-]+)\\.([A-Za-z]+)\\s*=\\s*(.*)");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

    private final Path file;
    private final UnaryOperator<String> environment;
    private final Map<String, Entry> entries;

    private ConnectionFile(Path file, UnaryOperator<String> environment, Map<String, Entry> entries) {
        this.file = file;
        this.environment = environment;
        this.entries = entries;
    }

    /** Reads a connection file, taking {@code $NAME} keys from the process environment. */
    public static ConnectionFile read(Path file) {
        return read(file, System::getenv);
    }

    /** Reads a connection file, taking {@code $NAME} keys from {@code environment}. */
    public static ConnectionFile read(Path file, UnaryOperator<String> environment) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConnectionConfigException(file, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return new ConnectionFile(file, environment, parse(file, lines));
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * The connection called {@code name}, with its key read now.
     *
     * @throws ConnectionConfigException when there is no such connection or its key is missing
     */
    public Connection connection(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new ConnectionConfigException(file, 0, "no connection named '" + name + "'; the file defines "
                    + (entries.isEmpty() ? "none" : String.join(", ", entries.keySet())));
        }
        try {
            OAuthSettings oauth = oauthSettings(entry);
            Secret key = oauth == null ? resolveKey(entry.keyField, "the key of '" + entry.name + "'")
                    : resolveKey(entry.clientSecret, "the client secret of '" + entry.name + "'");
            return new Connection(entry.name, entry.application, entry.type, key, entry.endpoint, entry.trust,
                    entry.connectTimeout, entry.readTimeout, entry.policy, entry.protocol, oauth);
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(file, entry.line, e.getMessage());
        }
    }

    private static Map<String, Entry> parse(Path file, List<String> lines) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Runnable> settings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            if (equals >= 0 && (colon < 0 || equals < colon)) {
                settings.add(() -> applySetting(file, lineNumber, line, entries));
            } else {
                Entry entry = parseConnectionLine(file, lineNumber, line);
                if (entries.putIfAbsent(entry.name, entry) != null) {
                    throw new ConnectionConfigException(file, lineNumber, "connection '" + entry.name + "' is defined twice");
                }
            }
        }
        // Settings may come before or after their connection line; apply them once all are known.
        settings.forEach(Runnable::run);
        return entries;
    }

    private static Entry parseConnectionLine(Path file, int lineNumber, String line) {
        String[] fields = line.split(":", 5);
        if (fields.length < 4) {
            throw new ConnectionConfigException(file, lineNumber,
                    "expected name:application:type:key:comment, found " + fields.length + " field(s)");
        }
        String name = fields[0].strip();
        String application = fields[1].strip();
        String typeLetter = fields[2].strip();
        AuthType type = AuthType.fromLetter(typeLetter).orElseThrow(() -> new ConnectionConfigException(file, lineNumber,
                "unknown type '" + typeLetter + "': use i (legacy key), k (Keap API key) or o (OAuth2 token)"));
        String keyField = fields[3].strip();
        if (keyField.isEmpty()) {
            throw new ConnectionConfigException(file, lineNumber, "connection '" + name + "' has no key");
        }
        try {
            Connection.checkNames(name, application);
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(file, lineNumber, e.getMessage());
        }
        return new Entry(lineNumber, name, application, type, keyField);
    }

    private static void applySetting(Path file, int lineNumber, String line, Map<String, Entry> entries) {
        Matcher m = SETTING.matcher(line);
        if (!m.matches()) {
            throw new ConnectionConfigException(file, lineNumber, "expected name.setting = value");
        }
        Entry entry = entries.get(m.group(1));
        if (entry == null) {
            throw new ConnectionConfigException(file, lineNumber, "setting for unknown connection '" + m.group(1) + "'");
        }
        String value = m.group(3).strip();
        CallPolicy policy = entry.policy;
        try {
            switch (m.group(2)) {
                case "endpoint" -> entry.endpoint = parseEndpoint(file, lineNumber, value);
                case "trust" -> entry.trust = file.toAbsolutePath().getParent().resolve(value);
                case "connectTimeout" -> entry.connectTimeout = parseDuration(file, lineNumber, value);
                case "readTimeout" -> entry.readTimeout = parseDuration(file, lineNumber, value);
                case "limits" -> entry.policy = policy.withLimits(parseLimits(value));
                case "permitWait" -> entry.policy = policy.withPermitWait(parseDuration(file, lineNumber, value, true));
                case "deadline" -> entry.policy = policy.withDeadline(parseDuration(file, lineNumber, value));
                case "attempts" -> entry.policy = policy.withAttempts(parseCount(value, "attempts"));
                case "cache" -> entry.policy = policy.withCache(parseDuration(file, lineNumber, value, true), policy.cacheSize());
                case "cacheSize" -> entry.policy = policy.withCache(policy.cacheTtl(), parseCount(value, "cacheSize"));
                case "maxInFlight" -> entry.policy = policy.withMaxInFlight(parseCount(value, "maxInFlight"));
                case "protocol" -> entry.protocol = parseProtocol(value);
                case "clientId" -> entry.clientId = value;
                case "clientSecret" -> entry.clientSecret = value;
                case "tokenEndpoint" -> entry.tokenEndpoint = parseAddress(value, "tokenEndpoint");
                case "authorizeEndpoint" -> entry.authorizeEndpoint = parseAddress(value, "authorizeEndpoint");
                case "redirectUri" -> entry.redirectUri = parseAddress(value, "redirectUri");
                default -> throw new ConnectionConfigException(file, lineNumber, "unknown setting '" + m.group(2)
                        + "': use protocol, endpoint, trust, connectTimeout, readTimeout, limits, permitWait, deadline, attempts, cache, "
                        + "cacheSize, maxInFlight, clientId, clientSecret, redirectUri, tokenEndpoint or authorizeEndpoint");
            }
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(file, lineNumber, e.getMessage());
        }
    }

    private static Protocol parseProtocol(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "xmlrpc" -> Protocol.XMLRPC;
            case "rest" -> Protocol.REST;
            default -> throw new IllegalArgumentException("protocol '" + value + "' must be xmlrpc or rest");
        };
    }

    private static List<RateLimit> parseLimits(String value) {
        List<RateLimit> limits = new ArrayList<>();
        for (String part : value.split(",")) {
            limits.add(RateLimit.parse(part));
        }
        return limits;
    }

    private static int parseCount(String value, String what) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(what + " must be a whole number, not '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static URI parseEndpoint(Path file, int lineNumber, String value) {
        try {
            URI uri = new URI(value);
            // Run the same checks as Connection now, so the error points at this line.
            Connection.of("check", "check", AuthType.API_KEY, Secret.of("check")).withEndpoint(uri, null);
            return uri;
        } catch (URISyntaxException e) {
            throw new ConnectionConfigException(file, lineNumber, "endpoint is not a valid URI");
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(file, lineNumber, e.getMessage());
        }
    }

    private static URI parseAddress(String value, String what) {
        try {
            URI uri = new URI(value);
            // The settings' own checks, now, so that the error names this line.
            new OAuthSettings(Secret.of("check"), Path.of("check"), what.equals("tokenEndpoint") ? uri : null,
                    what.equals("authorizeEndpoint") ? uri : null, what.equals("redirectUri") ? uri : null);
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URI");
        }
    }

    private static Duration parseDuration(Path file, int lineNumber, String value) {
        return parseDuration(file, lineNumber, value, false);
    }

    private static Duration parseDuration(Path file, int lineNumber, String value, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || (!zeroAllowed && Long.parseLong(m.group(1)) == 0)) {
            throw new ConnectionConfigException(file, lineNumber,
                    "duration '" + value + "' must be a " + (zeroAllowed ? "" : "positive ") + "whole number followed by ms or s, such as 5s");
        }
        long amount = Long.parseLong(m.group(1));
        return m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
    }

    private Secret resolveKey(String field, String what) {
        return SecretSource.read(field, environment, file.toAbsolutePath().getParent(), what);
    }

    /** With a client id, the connection refreshes its own tokens, kept in the file its key field names. */
    private OAuthSettings oauthSettings(Entry entry) {
        if (entry.clientId == null && entry.clientSecret == null) {
            if (entry.redirectUri != null || entry.tokenEndpoint != null || entry.authorizeEndpoint != null) {
                throw new IllegalArgumentException("connection '" + entry.name + "' has OAuth2 endpoint settings but no clientId and clientSecret");
            }
            return null;
        }
        if (entry.type != AuthType.OAUTH2) {
            throw new IllegalArgumentException("clientId and clientSecret belong to an OAuth2 connection (type o), not type "
                    + (entry.type == AuthType.API_KEY ? "k" : "i"));
        }
        if (entry.clientId == null || entry.clientSecret == null) {
            throw new IllegalArgumentException("connection '" + entry.name + "' needs both clientId and clientSecret to refresh its tokens");
        }
        if (!entry.keyField.startsWith("@") || entry.keyField.length() == 1) {
            throw new IllegalArgumentException("connection '" + entry.name + "' refreshes its own tokens, so its key field names "
                    + "the file they are kept in: write it as @path, such as @" + entry.name + "-tokens.json");
        }
        Path tokenFile = file.toAbsolutePath().getParent().resolve(entry.keyField.substring(1));
        Secret clientId = resolveKey(entry.clientId, "the client id of '" + entry.name + "'");
        return new OAuthSettings(clientId, tokenFile, entry.tokenEndpoint, entry.authorizeEndpoint, entry.redirectUri);
    }

    /** One parsed connection line plus its settings, before its key is read. */
    private static final class Entry {
        final int line;
        final String name;
        final String application;
        final AuthType type;
        final String keyField;
        URI endpoint;
        Path trust;
        Duration connectTimeout;
        Duration readTimeout;
        CallPolicy policy;
        Protocol protocol;
        String clientId;
        String clientSecret;
        URI tokenEndpoint;
        URI authorizeEndpoint;
        URI redirectUri;

        Entry(int line, String name, String application, AuthType type, String keyField) {
            this.policy = CallPolicy.defaults(type);
            this.line = line;
            this.name = name;
            this.application = application;
            this.type = type;
            this.keyField = keyField;
        }
    }
}
