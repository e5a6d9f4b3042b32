package org.contactlookup.client.config;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Reads the secrets an entry refers to ({@code $NAME}, {@code @path} or the value itself) and
 * builds its {@link Connection}. This happens when the connection is asked for, not when the
 * file is read, so a missing variable of one connection does not stop another.
 */
final class ConnectionKeys {
    private final UnaryOperator<String> environment;
    private final Path folder;

    /** @param folder the folder of the connection file, which relative paths start from */
    ConnectionKeys(UnaryOperator<String> environment, Path folder) {
        this.environment = environment;
        this.folder = folder;
    }

    /** @throws IllegalArgumentException when a secret is missing or the settings do not fit together */
    Connection connection(ConnectionEntry entry) {
        OAuthSettings oauth = oauthSettings(entry);
        // For a connection that refreshes its own tokens the key is the client secret: its key field names the token file.
        Secret key = oauth == null ? read(entry.keyField, "the key of '" + entry.name + "'")
                : read(entry.clientSecret, "the client secret of '" + entry.name + "'");
        return new Connection(entry.name, entry.application, entry.type, key, entry.endpoint, entry.trust,
                entry.connectTimeout, entry.readTimeout, entry.policy, entry.protocol, oauth);
    }

    private Secret read(String field, String what) {
        return SecretSource.read(field, environment, folder, what);
    }

    /** With a client id, the connection refreshes its own tokens, kept in the file its key field names. */
    private OAuthSettings oauthSettings(ConnectionEntry entry) {
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
        Path tokenFile = folder.resolve(entry.keyField.substring(1));
        Secret clientId = read(entry.clientId, "the client id of '" + entry.name + "'");
        return new OAuthSettings(clientId, tokenFile, entry.tokenEndpoint, entry.authorizeEndpoint, entry.redirectUri);
    }
}
