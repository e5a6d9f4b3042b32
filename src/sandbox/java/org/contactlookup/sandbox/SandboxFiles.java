package org.contactlookup.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes what a client needs to use a running sandbox: its keys (owner-only files) and a
 * connection file with one connection per auth type, {@code sandbox} ({@code k}),
 * {@code sandbox-legacy} ({@code i}) and {@code sandbox-oauth} ({@code o}, its fixed token),
 * {@code sandbox-rest}, the API key over REST v2, and {@code sandbox-oauth2}, an OAuth2
 * connection that refreshes its own tokens: its client id and secret are written beside the
 * file, its tokens are not (authorize it first, with {@code org.contactlookup.client.oauth.Authorize}).
 * The redirect address it names is the sandbox's own {@value #REDIRECT_PATH}, which no page serves:
 * the code is read from the address, as with Keap. The two OAuth2 connections carry a {@code limits}
 * line: Keap's OAuth2 limits with its 25/s spike arrest (the app's defaults for {@code o}), or the
 * sandbox's own token quota where that is stricter.
 */
public final class SandboxFiles {
    static final String REDIRECT_PATH = "/authorized";
    /** Where {@code SANDBOX_KEEP_KEYS=true} keeps the OAuth2 tokens issued, as digests (see {@link KeptTokens}). */
    public static final String ISSUED_TOKENS = "sandbox-oauth2-issued.json";
    private static final List<String> KEY_FILES = List.of("sandbox-legacy.key", "sandbox-api.key", "sandbox-oauth.token");
    private static final List<String> CLIENT_FILES = List.of("sandbox-oauth2-client.id", "sandbox-oauth2-client.secret");

    private SandboxFiles() {
    }

    /** Writes the key files and {@code connections.cfg} into {@code folder}; returns the connection file. */
    public static Path write(Sandbox sandbox, Path folder) throws IOException {
        Files.createDirectories(folder);
        writeSecret(folder.resolve("sandbox-api.key"), sandbox.apiKey());
        writeSecret(folder.resolve("sandbox-legacy.key"), sandbox.legacyKey());
        writeSecret(folder.resolve("sandbox-oauth.token"), sandbox.oauthToken());
        writeSecret(folder.resolve("sandbox-oauth2-client.id"), sandbox.oauthClientId());
        writeSecret(folder.resolve("sandbox-oauth2-client.secret"), sandbox.oauthClientSecret());
        Path certificate = folder.resolve("sandbox-cert.pem");
        if (!Files.exists(certificate) || !Files.isSameFile(certificate, sandbox.certificate())) {
            Files.copy(sandbox.certificate(), certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String oauthLimits = sandbox.tokenQuota().within(Quota.KEAP_OAUTH2).limits();
        Path file = folder.resolve("connections.cfg");
        Files.write(file, List.of(
                "# Written by the sandbox on port " + sandbox.port() + "; keys are in the files beside this one.",
                "sandbox:sandbox:k:@sandbox-api.key:The local sandbox, Keap API key",
                "sandbox.endpoint = " + sandbox.keapEndpoint(),
                "sandbox.trust = sandbox-cert.pem",
                "sandbox-legacy:sandbox:i:@sandbox-legacy.key:The local sandbox, the guide's legacy key",
                "sandbox-legacy.endpoint = " + sandbox.legacyEndpoint(),
                "sandbox-legacy.trust = sandbox-cert.pem",
                "sandbox-oauth:sandbox:o:@sandbox-oauth.token:The local sandbox, OAuth2 token",
                "sandbox-oauth.endpoint = " + sandbox.keapEndpoint(),
                "sandbox-oauth.trust = sandbox-cert.pem",
                "sandbox-oauth.limits = " + oauthLimits,
                "sandbox-rest:sandbox:k:@sandbox-api.key:The local sandbox over REST v2, Keap API key",
                "sandbox-rest.protocol = rest",
                "sandbox-rest.endpoint = " + sandbox.restEndpoint(),
                "sandbox-rest.trust = sandbox-cert.pem",
                "sandbox-oauth2:sandbox:o:@sandbox-oauth2-tokens.json:The local sandbox, OAuth2 refreshed by this app",
                "sandbox-oauth2.clientId = @sandbox-oauth2-client.id",
                "sandbox-oauth2.clientSecret = @sandbox-oauth2-client.secret",
                "sandbox-oauth2.redirectUri = https://localhost:" + sandbox.port() + REDIRECT_PATH,
                "sandbox-oauth2.tokenEndpoint = " + sandbox.tokenEndpoint(),
                "sandbox-oauth2.authorizeEndpoint = " + sandbox.authorizeEndpoint(),
                "sandbox-oauth2.endpoint = " + sandbox.keapEndpoint(),
                "sandbox-oauth2.trust = sandbox-cert.pem",
                "sandbox-oauth2.limits = " + oauthLimits), StandardCharsets.UTF_8);
        return file;
    }

    /** The legacy key, API key and OAuth token written into {@code folder} before, when all three are there. */
    public static Optional<List<String>> keptKeys(Path folder) throws IOException {
        return readAll(folder, KEY_FILES);
    }

    /** The OAuth2 client id and secret written into {@code folder} before, when both are there. */
    public static Optional<List<String>> keptOAuthClient(Path folder) throws IOException {
        return readAll(folder, CLIENT_FILES);
    }

    private static Optional<List<String>> readAll(Path folder, List<String> names) throws IOException {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            values.add(Files.readString(file, StandardCharsets.UTF_8).strip());
        }
        return Optional.of(values);
    }

    private static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    }
}
