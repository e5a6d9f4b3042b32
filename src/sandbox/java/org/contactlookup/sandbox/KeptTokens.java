package org.contactlookup.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file in which a standalone sandbox keeps the OAuth2 tokens it has issued, so that a
 * restart does not sign out the apps using them. It holds SHA-256 digests of the tokens, never a
 * token: enough to recognize one, useless to anyone who reads the file. Expiry is kept as epoch
 * milliseconds. Written whole to a temporary file, owner-only, and moved into place, so a crash
 * leaves the old state or the new one.
 *
 * <pre>{"client":DIGEST,"accessTokens":{DIGEST:EXPIRY,...},"refreshTokens":{DIGEST:EXPIRY,...}}</pre>
 */
final class KeptTokens {
    /** What the file holds: the client's digest, and each token's digest with its expiry in epoch milliseconds. */
    record State(String client, Map<String, Long> accessTokens, Map<String, Long> refreshTokens) {
    }

    private final Path file;

    KeptTokens(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /**
     * The state kept for the client with digest {@code client}; empty maps when there is no file or
     * it was written for another client (the tokens of a client the sandbox no longer knows are worth nothing).
     *
     * @throws IOException naming the file when it cannot be read or is not what this class writes
     */
    State load(String client) throws IOException {
        State empty = new State(client, Map.of(), Map.of());
        if (!Files.exists(file)) {
            return empty;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the kept OAuth2 tokens in " + file + ": " + e, e);
        }
        try {
            Map<String, Object> json = JSON.std.mapFrom(text);
            if (!client.equals(json.get("client"))) {
                return empty;
            }
            return new State(client, expiries(json.get("accessTokens")), expiries(json.get("refreshTokens")));
        } catch (IOException | RuntimeException e) {
            throw new IOException("the kept OAuth2 tokens in " + file + " are not what the sandbox writes ("
                    + (e instanceof IllegalArgumentException ? e.getMessage() : "not a JSON object")
                    + "): delete the file to start without them", e);
        }
    }

    void save(State state) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client", state.client());
        json.put("accessTokens", state.accessTokens());
        json.put("refreshTokens", state.refreshTokens());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, JSON.std.asString(json), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Long> expiries(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a map of digests to expiry times");
        }
        Map<String, Long> expiries = new LinkedHashMap<>();
        map.forEach((digest, expiry) -> {
            if (!(digest instanceof String d) || !d.matches("[0-9a-f]{64}") || !(expiry instanceof Number n)) {
                throw new IllegalArgumentException("not a digest and an expiry time");
            }
            expiries.put(d, n.longValue());
        });
        return expiries;
    }
}
