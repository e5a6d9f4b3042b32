package org.contactlookup.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.oauth.FileTokenStore;
import org.contactlookup.client.oauth.Tokens;
import org.contactlookup.sandbox.IssuedTokens;
import org.contactlookup.sandbox.Sandbox;

/** OAuth2 connections to a sandbox that refresh their own tokens, and token files to start them from. */
final class OAuthSandbox {
    private OAuthSandbox() {
    }

    /** An OAuth2 connection over {@code protocol} keeping its tokens in {@code tokenFile}, with room for any test's pace. */
    static Connection connection(Sandbox sandbox, Path tokenFile, Protocol protocol) {
        Connection connection = Connection.of("oauth", "sandbox", AuthType.OAUTH2, Secret.of(sandbox.oauthClientSecret()))
                .withEndpoint(protocol == Protocol.REST ? sandbox.restEndpoint() : sandbox.keapEndpoint(), sandbox.certificate())
                .withOAuth(new OAuthSettings(Secret.of(sandbox.oauthClientId()), tokenFile, sandbox.tokenEndpoint(),
                        sandbox.authorizeEndpoint(), null));
        connection = protocol == Protocol.REST ? connection.withProtocol(Protocol.REST) : connection;
        return connection.withPolicy(connection.policy().withLimits(List.of(RateLimit.parse("100000/s"))));
    }

    /** A pair the sandbox has just issued, as the token file keeps it. */
    static Tokens fresh(Sandbox sandbox) {
        IssuedTokens issued = sandbox.issueTokens();
        Instant now = Instant.now();
        return new Tokens(Secret.of(issued.accessToken()), Secret.of(issued.refreshToken()), now.plus(issued.expiresIn()), now);
    }

    /** {@code pair}'s tokens as obtained three hours ago, the access token expired two seconds after. */
    static Tokens expiredLongAgo(Tokens pair) {
        Instant longAgo = Instant.now().minus(Duration.ofHours(3));
        return new Tokens(pair.accessToken(), pair.refreshToken(), longAgo.plusSeconds(2), longAgo);
    }

    /** {@code pair}'s refresh token with an access token the server never issued, valid two more hours by our clock. */
    static Tokens forgottenByServer(Tokens pair) {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        return new Tokens(Secret.of("oauth-access-revoked"), pair.refreshToken(), anHourAgo.plus(Duration.ofHours(3)), anHourAgo);
    }

    /** Writes a pair the sandbox has just issued into {@code file}, as the authorize command would. */
    static Tokens authorize(Sandbox sandbox, Path file) throws IOException {
        Tokens tokens = fresh(sandbox);
        new FileTokenStore(file).save(tokens);
        return tokens;
    }
}
