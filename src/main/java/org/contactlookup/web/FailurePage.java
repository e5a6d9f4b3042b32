package org.contactlookup.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.errors.TokenRefreshException;

/**
 * What a person sees when a lookup could not be made: one status and one plain message per kind
 * of upstream failure, and the short reasons the status line and {@code /health} give. All the
 * words a person reads about a failure are here; the exception's own text goes to the log, never
 * to a page.
 *
 * @param retryAfter sent as {@code Retry-After} when not null
 */
record FailurePage(int status, String title, String message, Duration retryAfter) {
    /** The wait suggested when Infusionsoft throttles without saying for how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** Past this many seconds the page names the time the budget comes back instead. */
    private static final long LONG_WAIT_SECONDS = 120;
    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    static FailurePage notConfigured(String summary) {
        return new FailurePage(503, "Lookup not set up",
                "This application is not connected to Infusionsoft: " + summary + ". The administrator needs to set up a connection.", null);
    }

    static FailurePage noAnswerInTime() {
        return new FailurePage(504, "No answer in time", "Infusionsoft did not answer in time. Please try again shortly.", null);
    }

    /** A reason fit for the status line and a health answer: no server text, no key, no path. */
    static String reason(InfusionsoftException e) {
        if (e instanceof TokenRefreshException token) {
            return tokenReason(token);
        }
        if (e != null && e.isKeyRefused()) {
            return "the key was refused";
        }
        if (e instanceof NetworkException network) {
            return switch (network.kind()) {
                case UNREACHABLE -> "the server could not be reached";
                case TIMEOUT -> "the server did not answer in time";
                case TLS -> "the server's certificate is not trusted (see the connection's trust setting)";
                case CONNECTION_LOST -> "the connection was lost";
            };
        }
        return "the server gave an unexpected answer";
    }

    /** What an OAuth2 connection's failed refresh means, and what to do about it. */
    static String tokenReason(TokenRefreshException e) {
        return switch (e.reason()) {
            case NOT_AUTHORIZED -> "no OAuth2 tokens yet: run the authorize command (README, OAuth2)";
            case REFUSED -> "the OAuth2 refresh token was refused: authorize the application again (README, OAuth2)";
            case UNREACHABLE -> "the OAuth2 token endpoint could not be reached; the refresh is retried";
            case STORE -> "the OAuth2 tokens cannot be read or stored (token file or Redis; see the log)";
        };
    }

    /** One visitor has made all the lookups its share allows for now; nobody else is held up by it. */
    static FailurePage visitorOverShare(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        String when = seconds > LONG_WAIT_SECONDS
                ? "from " + UTC_MINUTE.format(Instant.now().plusSeconds(seconds + 59).truncatedTo(ChronoUnit.MINUTES)) + " UTC"
                : "in " + seconds + (seconds == 1 ? " second" : " seconds");
        return new FailurePage(429, "Too many lookups from you", "You have made as many lookups as one visitor may for now. "
                + "You can look up again " + when + ".", Duration.ofSeconds(seconds));
    }

    static FailurePage of(InfusionsoftException e) {
        if (e instanceof ThrottledException throttled) {
            Duration wait = throttled.retryAfter().filter(d -> !d.isZero()).orElse(DEFAULT_RETRY_AFTER);
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            if (seconds > LONG_WAIT_SECONDS) {
                // A spent day quota: a count of seconds says nothing, a time does.
                String at = UTC_MINUTE.format(Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.MINUTES));
                return new FailurePage(503, "Too many lookups", "This application has used up the calls to Infusionsoft "
                        + "it may make for now. Lookups work again from " + at + " UTC.", Duration.ofSeconds(seconds));
            }
            String why = throttled.source() == ThrottledException.Source.IN_FLIGHT_CAP
                    ? "Too many lookups are waiting for Infusionsoft right now."
                    : "Infusionsoft is limiting how often this application may ask.";
            return new FailurePage(503, "Too many lookups", why + " Please try again in " + seconds
                    + (seconds == 1 ? " second." : " seconds."), Duration.ofSeconds(seconds));
        }
        if (e instanceof TokenRefreshException token && !token.isKeyRefused()) {
            return new FailurePage(503, "Lookup unavailable", "This application cannot renew its access to Infusionsoft "
                    + "right now. Please try again later.", DEFAULT_RETRY_AFTER);
        }
        if (e.isKeyRefused()) {
            return new FailurePage(502, "Key refused",
                    "Infusionsoft refused this application's key, so the lookup could not be made. The administrator has been told.", null);
        }
        if (e instanceof NetworkException network) {
            if (network.kind() == NetworkException.Kind.TIMEOUT) {
                return noAnswerInTime();
            }
            return new FailurePage(502, "Infusionsoft unreachable",
                    "Infusionsoft could not be reached. Please try again later.", null);
        }
        return new FailurePage(502, "Unexpected answer",
                "Infusionsoft gave an answer this application did not expect. Please try again later.", null);
    }
}
