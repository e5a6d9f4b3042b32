package org.contactlookup.client.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One connection line of a connection file plus the settings given for it, before its key is
 * read: keys are read only when the connection is asked for ({@link ConnectionKeys}).
 */
final class ConnectionEntry {
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

    ConnectionEntry(int line, String name, String application, AuthType type, String keyField) {
        this.policy = CallPolicy.defaults(type);
        this.line = line;
        this.name = name;
        this.application = application;
        this.type = type;
        this.keyField = keyField;
    }

    /**
     * Applies one {@code name.setting = value} line.
     *
     * @param folder the folder of the connection file, which relative paths start from
     * @throws IllegalArgumentException when the setting is unknown or its value unusable
     */
    void set(String setting, String value, Path folder) {
        switch (setting) {
            case "endpoint" -> endpoint = SettingValues.endpoint(value);
            case "trust" -> trust = folder.resolve(value);
            case "connectTimeout" -> connectTimeout = SettingValues.duration(value, false);
            case "readTimeout" -> readTimeout = SettingValues.duration(value, false);
            case "limits" -> policy = policy.withLimits(SettingValues.limits(value));
            case "permitWait" -> policy = policy.withPermitWait(SettingValues.duration(value, true));
            case "deadline" -> policy = policy.withDeadline(SettingValues.duration(value, false));
            case "attempts" -> policy = policy.withAttempts(SettingValues.count(value, "attempts"));
            case "cache" -> policy = policy.withCache(SettingValues.duration(value, true), policy.cacheSize());
            case "cacheSize" -> policy = policy.withCache(policy.cacheTtl(), SettingValues.count(value, "cacheSize"));
            case "maxInFlight" -> policy = policy.withMaxInFlight(SettingValues.count(value, "maxInFlight"));
            case "protocol" -> protocol = SettingValues.protocol(value);
            // Client id and secret are references ($NAME, @path), read only with the connection.
            case "clientId" -> clientId = value;
            case "clientSecret" -> clientSecret = value;
            case "tokenEndpoint" -> tokenEndpoint = SettingValues.address(value, "tokenEndpoint");
            case "authorizeEndpoint" -> authorizeEndpoint = SettingValues.address(value, "authorizeEndpoint");
            case "redirectUri" -> redirectUri = SettingValues.address(value, "redirectUri");
            default -> throw new IllegalArgumentException("unknown setting '" + setting
                    + "': use protocol, endpoint, trust, connectTimeout, readTimeout, limits, permitWait, deadline, attempts, cache, "
                    + "cacheSize, maxInFlight, clientId, clientSecret, redirectUri, tokenEndpoint or authorizeEndpoint");
        }
    }
}
