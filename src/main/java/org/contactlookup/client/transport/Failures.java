package org.contactlookup.client.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;

/**
 * What both protocols share when a call goes wrong: reading the way there (network, TLS, time),
 * Keap's gateway refusals, and turning a future's failure back into the exception it carries.
 */
public final class Failures {
    /** The longest wait a server's Retry-After can impose: Keap's longest quota period, a day. */
    public static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final Duration SAY_CAPPED_EVERY = Duration.ofMinutes(1);
    private static final AtomicReference<Said> LAST_CAPPED = new AtomicReference<>();

    /** The last Retry-After capped at WARNING, and when. */
    private record Said(String value, long atNanos) {
    }

    private Failures() {
    }

    /** A failure on the way, classified by the first cause that says what happened. */
    public static InfusionsoftException network(String where, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
                return new NetworkException(where + " timed out: " + cause.getMessage(), NetworkException.Kind.TIMEOUT, cause);
            }
            if (cause instanceof SSLException || cause instanceof GeneralSecurityException) {
                return new NetworkException(where + " failed in TLS: " + cause.getMessage() + " (a server whose certificate "
                        + "comes from a private CA needs that CA's PEM file in the connection's trust setting)", NetworkException.Kind.TLS, cause);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new NetworkException(where + " could not connect: " + cause.getClass().getSimpleName(),
                        NetworkException.Kind.UNREACHABLE, cause);
            }
        }
        // Only when no cause said more: the connection broke before a whole answer arrived.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return new NetworkException(where + " lost the connection: " + cause.getMessage(),
                        NetworkException.Kind.CONNECTION_LOST, cause);
            }
        }
        return new MalformedResponseException(where + " returned an unusable response: " + failure, failure);
    }

    /** No whole answer within {@code limit}: the deadline or the attempt's read timeout ran out. */
    public static NetworkException timedOut(String where, Duration limit) {
        return new NetworkException(where + " timed out: no whole answer within " + limit.toMillis() + " ms",
                NetworkException.Kind.TIMEOUT, null);
    }

    /** The one way an interrupted wait ends: the thread keeps its interrupt, the caller gets a timeout. */
    public static NetworkException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new NetworkException(what + " was interrupted", NetworkException.Kind.TIMEOUT, e);
    }

    /** Keap's gateway refusal (HTTP 429), naming the limit it applied when its body says. */
    public static ThrottledException gatewayThrottled(String where, String retryAfterHeader, String body) {
        return new ThrottledException(where + " was throttled: HTTP 429" + gatewayCode(body),
                ThrottledException.Source.GATEWAY, retryAfter(retryAfterHeader));
    }

    /** Keap's gateway names the limit it applied in a JSON body; keep just that code. */
    private static String gatewayCode(String body) {
        for (String code : new String[] {"QuotaViolation", "SpikeArrestViolation"}) {
            if (body.contains(code)) {
                return " (" + code + ")";
            }
        }
        return "";
    }

    /**
     * Reads Retry-After as seconds or as an HTTP date; anything else counts as absent. No wait is
     * longer than {@link #LONGEST_RETRY_AFTER}, the longest quota period: a later time is a fault
     * upstream (or a forged header), so it is capped, and logged.
     */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        Duration asked;
        if (value.matches("\\d+")) {
            String digits = value.replaceFirst("^0+(?=\\d)", "");
            asked = digits.length() > 9 ? LONGEST_RETRY_AFTER.plusSeconds(1) : Duration.ofSeconds(Long.parseLong(digits));
        } else {
            try {
                asked = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        if (asked.isNegative()) {
            return Duration.ZERO;
        }
        if (asked.compareTo(LONGEST_RETRY_AFTER) > 0) {
            sayCapped(LogSafe.clean(value.length() > 40 ? value.substring(0, 40) + "..." : value));
            return LONGEST_RETRY_AFTER;
        }
        return asked;
    }

    /** Once a minute at WARNING for the same value (a broken gateway sends it with every answer), at FINE between. */
    private static void sayCapped(String value) {
        long now = System.nanoTime();
        Said last = LAST_CAPPED.get();
        boolean anew = last == null || !last.value().equals(value) || now - last.atNanos() >= SAY_CAPPED_EVERY.toNanos();
        Level level = anew && LAST_CAPPED.compareAndSet(last, new Said(value, now)) ? Level.WARNING : Level.FINE;
        LOG.log(level, () -> "Retry-After " + value + " is further away than a day, the longest quota period; waiting a day instead");
    }

    /** The failure a future completed with, without the wrappers the future added. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Throws what a failed future carried: the client's own exception, or an unchecked one. */
    public static InfusionsoftException rethrow(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof InfusionsoftException e) {
            return e;
        }
        if (t instanceof CancellationException e) {
            return new NetworkException("the call was cancelled", NetworkException.Kind.TIMEOUT, e);
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
