package org.contactlookup.web;

import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Where the app's settings come from, first match wins:
 * <ol>
 *   <li>JNDI {@code java:comp/env/NAME} (an {@code <Environment>} in Tomcat's {@code APP.xml});</li>
 *   <li>the context parameter {@code NAME} (a {@code <Parameter>} in {@code APP.xml});</li>
 *   <li>the environment variable {@code NAME}, upper-cased with dots turned into underscores;</li>
 *   <li>the system property {@code NAME}.</li>
 * </ol>
 * So {@code contactlookup.connectionFile} is also read from {@code CONTACTLOOKUP_CONNECTIONFILE}.
 */
final class Settings {
    private static final Logger LOG = Logger.getLogger(Settings.class.getName());
    private final ServletContext context;

    Settings(ServletContext context) {
        this.context = context;
    }

    Optional<String> get(String name) {
        return firstNonBlank(jndi(name), context.getInitParameter(name),
                System.getenv(environmentName(name)), System.getProperty(name));
    }

    /** The setting's value, or null: for readers of {@code $NAME} references. */
    String value(String name) {
        return get(name).orElse(null);
    }

    /**
     * A whole number of seconds above zero, or {@code fallback} seconds when the setting is not
     * there or is not such a number; the second case is logged, so a typo never stops the app.
     */
    Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(positive(name, fallback));
    }

    /** A whole number above zero, or {@code fallback}, as {@link #seconds} reads it. */
    long positive(String name, long fallback) {
        Optional<String> value = get(name);
        if (value.isPresent()) {
            try {
                long number = Long.parseLong(value.get());
                if (number > 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // logged below
            }
            LOG.severe(name + " must be a positive whole number, not '" + value.get() + "'; using " + fallback);
        }
        return fallback;
    }

    static String environmentName(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_').replace('/', '_');
    }

    private static String jndi(String name) {
        try {
            Object value = new InitialContext().lookup("java:comp/env/" + name);
            return value == null ? null : value.toString();
        } catch (NamingException | RuntimeException e) {
            return null; // no naming service (embedded Tomcat) or no such entry
        }
    }

    private static Optional<String> firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }
}
