package org.contactlookup.client.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an OAuth2 connection needs to keep its own tokens fresh: the client id Keap gave the
 * application (its secret is the connection's key), where the tokens are kept, Keap's token and
 * authorize endpoints, and the redirect address registered at Keap (used only by
 * {@link Authorize}). Immutable; {@code toString()} shows neither the client id nor a token.
 *
 * <p>Defaults: {@link #KEAP_TOKEN} and {@link #KEAP_AUTHORIZE}; no redirect address.
 *
 * @param tokenFile   the file the tokens are kept in, or, with a shared Redis, copied to
 * @param redirectUri the redirect address registered at Keap; {@code null} when not set
 */
public record OAuthSettings(Secret clientId, Path tokenFile, URI tokenEndpoint, URI authorizeEndpoint, URI redirectUri) {
    /** Keap's token endpoint: authorization codes and refresh tokens are exchanged here. */
    public static final URI KEAP_TOKEN = URI.create("https://api.infusionsoft.com/token");
    /** Where Keap asks the account owner to approve the application. */
    public static final URI KEAP_AUTHORIZE = URI.create("https://accounts.infusionsoft.com/app/oauth/authorize");

    public OAuthSettings {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenFile, "tokenFile");
        // A refresh sends id:secret in HTTP Basic unencoded, as Keap's SDK does; Keap's ids never hold a ':'.
        if (clientId.reveal().indexOf(':') >= 0) {
            throw new IllegalArgumentException("clientId must not contain ':', which HTTP Basic would read as the end of the id");
        }
        tokenEndpoint = tokenEndpoint == null ? KEAP_TOKEN : tokenEndpoint;
        authorizeEndpoint = authorizeEndpoint == null ? KEAP_AUTHORIZE : authorizeEndpoint;
        checkHttps(tokenEndpoint, "tokenEndpoint");
        checkHttps(authorizeEndpoint, "authorizeEndpoint");
        if (redirectUri != null && (!("https".equalsIgnoreCase(redirectUri.getScheme()) || "http".equalsIgnoreCase(redirectUri.getScheme()))
                || redirectUri.getHost() == null || redirectUri.getRawFragment() != null)) {
            throw new IllegalArgumentException("redirectUri '" + redirectUri + "' must be an http or https address without a fragment");
        }
    }

    /** Settings with Keap's endpoints and no redirect address. */
    public static OAuthSettings of(Secret clientId, Path tokenFile) {
        return new OAuthSettings(clientId, tokenFile, null, null, null);
    }

    private static void checkHttps(URI address, String what) {
        // Codes, refresh tokens and the client secret travel to these: never in the clear, never in a URL.
        if (address.getRawUserInfo() != null || address.getRawQuery() != null || address.getRawFragment() != null) {
            throw new IllegalArgumentException(what + " must not carry user info, a query or a fragment");
        }
        if (!"https".equalsIgnoreCase(address.getScheme()) || address.getHost() == null) {
            throw new IllegalArgumentException(what + " '" + address + "' must be an https address");
        }
    }

    @Override
    public String toString() {
        return "OAuthSettings[tokenFile=" + tokenFile + ", tokenEndpoint=" + tokenEndpoint + "]";
    }
}
