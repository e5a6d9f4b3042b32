package org.contactlookup.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone sandbox's settings, read from environment variables ({@link SandboxMain} passes
 * {@link System#getenv()}) and checked at once: a bad value stops the start with a message naming
 * the variable and the value.
 *
 * @param port           {@code SANDBOX_PORT}: 0 to 65535, 0 for any free port; default 8443
 * @param folder         {@code SANDBOX_DIR}: certificate, keys and connection file; default {@code target/sandbox}
 * @param contacts       {@code SANDBOX_CONTACTS}: a JSON file of contacts instead of the demo ones; default none
 * @param keepKeys       {@code SANDBOX_KEEP_KEYS}: {@code true} keeps the keys, the OAuth2 client and the
 *                       OAuth2 tokens issued from one start to the next; default {@code false}
 * @param accessLifetime {@code SANDBOX_ACCESS_TOKEN_SECONDS}: how long an issued access token lasts;
 *                       default Keap's 86400 (24 hours)
 * @param refreshLifetime {@code SANDBOX_REFRESH_TOKEN_SECONDS}: how long an issued refresh token lasts;
 *                       default Keap's 3888000 (45 days)
 */
record StandaloneSettings(int port, Path folder, Optional<Path> contacts, boolean keepKeys, Duration accessLifetime,
        Duration refreshLifetime) {
    /** A year: longer lifetimes would tell an operator nothing more, and stay far from overflowing a nanosecond clock. */
    static final long MAX_LIFETIME_SECONDS = Duration.ofDays(365).toSeconds();

    static StandaloneSettings from(Map<String, String> environment) {
        Optional<Path> contacts = value(environment, "SANDBOX_CONTACTS").map(Path::of);
        if (contacts.isPresent() && !Files.isReadable(contacts.get())) {
            throw new IllegalArgumentException("SANDBOX_CONTACTS must name a readable JSON file of contacts, not '"
                    + environment.get("SANDBOX_CONTACTS") + "'");
        }
        return new StandaloneSettings(
                (int) number(environment, "SANDBOX_PORT", 8443, 0, 65535, "a port number from 0 (any free port) to 65535"),
                Path.of(value(environment, "SANDBOX_DIR").orElse("target/sandbox")).toAbsolutePath(),
                contacts,
                bool(environment, "SANDBOX_KEEP_KEYS"),
                lifetime(environment, "SANDBOX_ACCESS_TOKEN_SECONDS", Duration.ofHours(24)),
                lifetime(environment, "SANDBOX_REFRESH_TOKEN_SECONDS", Duration.ofDays(45)));
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Duration lifetime(Map<String, String> environment, String name, Duration fallback) {
        String range = "a whole number of seconds from 1 to " + MAX_LIFETIME_SECONDS;
        return Duration.ofSeconds(number(environment, name, fallback.toSeconds(), 1, MAX_LIFETIME_SECONDS, range));
    }

    private static long number(Map<String, String> environment, String name, long fallback, long min, long max, String range) {
        Optional<String> text = value(environment, name);
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.get().matches("[0-9]{1,18}")) {
            long number = Long.parseLong(text.get());
            if (number >= min && number <= max) {
                return number;
            }
        }
        throw new IllegalArgumentException(name + " must be " + range + ", not '" + environment.get(name) + "'");
    }

    private static boolean bool(Map<String, String> environment, String name) {
        String text = value(environment, name).orElse("false").toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, not '" + environment.get(name) + "'");
        }
        return text.equals("true");
    }
}
