package org.contactlookup.client;

import java.time.Duration;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.sandbox.Sandbox;

/** Connections of each auth type to a running sandbox, trusting its certificate. */
final class SandboxConnections {
    private SandboxConnections() {
    }

    static Connection legacy(Sandbox sandbox) {
        return Connection.of("legacy", "sandbox", AuthType.LEGACY_KEY, Secret.of(sandbox.legacyKey()))
                .withEndpoint(sandbox.legacyEndpoint(), sandbox.certificate());
    }

    static Connection apiKey(Sandbox sandbox) {
        return Connection.of("apikey", "sandbox", AuthType.API_KEY, Secret.of(sandbox.apiKey()))
                .withEndpoint(sandbox.keapEndpoint(), sandbox.certificate());
    }

    static Connection oauth(Sandbox sandbox) {
        return Connection.of("oauth", "sandbox", AuthType.OAUTH2, Secret.of(sandbox.oauthToken()))
                .withEndpoint(sandbox.keapEndpoint(), sandbox.certificate());
    }

    /** One attempt per call and room for any test's pace: to see each failure exactly as it comes. */
    static Connection once(Connection connection) {
        return connection.withPolicy(connection.policy().withAttempts(1).withLimits(java.util.List.of(RateLimit.parse("100000/s"))));
    }

    static Connection withReadTimeout(Connection connection, Duration read) {
        return connection.withTimeouts(Duration.ofSeconds(2), read);
    }
}
