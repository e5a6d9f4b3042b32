package org.contactlookup.client.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    private final Path file;
    private final UnaryOperator<String> environment;
    private final Map<String, ConnectionEntry> entries;

    private ConnectionFile(Path file, UnaryOperator<String> environment, Map<String, ConnectionEntry> entries) {
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
        return new ConnectionFile(file, environment, ConnectionLines.parse(file, lines));
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
        ConnectionEntry entry = entries.get(name);
        if (entry == null) {
            throw new ConnectionConfigException(file, 0, "no connection named '" + name + "'; the file defines "
                    + (entries.isEmpty() ? "none" : String.join(", ", entries.keySet())));
        }
        try {
            return new ConnectionKeys(environment, file.toAbsolutePath().getParent()).connection(entry);
        } catch (IllegalArgumentException e) {
            // A missing key or a bad OAuth2 setting is reported at the connection's own line.
            throw new ConnectionConfigException(file, entry.line, e.getMessage());
        }
    }
}
