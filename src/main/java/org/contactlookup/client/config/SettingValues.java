package org.contactlookup.client.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a setting line may hold: durations, counts, rate limits, a protocol and addresses.
 * Each throws {@link IllegalArgumentException} with a message fit for the user; the caller adds
 * the file and line.
 */
final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

    private SettingValues() {
    }

    /** {@code 250ms} or {@code 5s}; zero only when {@code zeroAllowed} (zero turns a wait or a cache off). */
    static Duration duration(String value, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches() || (!zeroAllowed && Long.parseLong(m.group(1)) == 0)) {
            throw new IllegalArgumentException(
                    "duration '" + value + "' must be a " + (zeroAllowed ? "" : "positive ") + "whole number followed by ms or s, such as 5s");
        }
        long amount = Long.parseLong(m.group(1));
        return m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
    }

    static int count(String value, String what) {
        // At most nine digits, so that the number always fits an int.
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(what + " must be a whole number, not '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    /** A comma-separated list such as {@code 10/s, 240/min, 30000/day}. */
    static List<RateLimit> limits(String value) {
        List<RateLimit> limits = new ArrayList<>();
        for (String part : value.split(",")) {
            limits.add(RateLimit.parse(part));
        }
        return limits;
    }

    static Protocol protocol(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "xmlrpc" -> Protocol.XMLRPC;
            case "rest" -> Protocol.REST;
            default -> throw new IllegalArgumentException("protocol '" + value + "' must be xmlrpc or rest");
        };
    }

    static URI endpoint(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a valid URI");
        }
        // Run the same checks as Connection now, so the error points at this line.
        Connection.of("check", "check", AuthType.API_KEY, Secret.of("check")).withEndpoint(uri, null);
        return uri;
    }

    /** One of the OAuth2 addresses, {@code what} being its setting's name. */
    static URI address(String value, String what) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URI");
        }
        // The settings' own checks, now, so that the error names this line.
        new OAuthSettings(Secret.of("check"), Path.of("check"), what.equals("tokenEndpoint") ? uri : null,
                what.equals("authorizeEndpoint") ? uri : null, what.equals("redirectUri") ? uri : null);
        return uri;
    }
}
