package org.contactlookup.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLException;
import org.apache.xmlrpc.XmlRpcException;
import org.xml.sax.SAXException;

/** Turns the library's one exception type into the client's small error model. */
final class ErrorTranslator {
    /** The legacy API refuses a fourth throttled thread with a fault that carries this text. */
    static final String LEGACY_THROTTLE = "com.infusionsoft.throttle.ThrottlingException";

    private ErrorTranslator() {
    }

    static InfusionsoftException translate(String method, String host, long timeoutMillis, XmlRpcException e) {
        String where = method + " to " + host;
        if (e instanceof HardenedTransport.Fault fault) {
            String text = fault.getMessage();
            if (text.contains(LEGACY_THROTTLE)) {
                return new ThrottledException(where + " was throttled (legacy credit pool empty)", 200, null);
            }
            return new ApiFaultException(method, fault.code, text);
        }
        if (e instanceof HardenedTransport.HttpFailure http) {
            if (http.status == 429) {
                return new ThrottledException(where + " was throttled: HTTP 429" + gatewayCode(http.body),
                        429, retryAfter(http.retryAfter));
            }
            return new HttpStatusException(where + " failed: HTTP " + http.status, http.status);
        }
        return network(where, timeoutMillis, e.getCause(), e);
    }

    /** Classifies a failure on the way by the first cause that says what happened. */
    static InfusionsoftException network(String where, long timeoutMillis, Throwable failure, Throwable fallback) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
                return new NetworkException(where + " timed out (limit " + timeoutMillis + " ms)", NetworkException.Kind.TIMEOUT, cause);
            }
            if (cause instanceof SSLException || cause instanceof GeneralSecurityException) {
                return new NetworkException(where + " failed in TLS: " + cause.getMessage(), NetworkException.Kind.TLS, cause);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new NetworkException(where + " could not connect: " + cause.getClass().getSimpleName(),
                        NetworkException.Kind.UNREACHABLE, cause);
            }
            if (cause instanceof SAXException) {
                return new MalformedResponseException(where + " returned a malformed response: " + cause.getMessage(), cause);
            }
        }
        // Only when no cause said more: the connection broke before a whole answer arrived.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return new NetworkException(where + " lost the connection: " + cause.getMessage(),
                        NetworkException.Kind.CONNECTION_LOST, cause);
            }
        }
        return new MalformedResponseException(where + " returned an unusable response: " + fallback.getMessage(), fallback);
    }

    /** Keap's gateway names the limit it applied in a JSON body; keep just that code. */
    static String gatewayCode(String body) {
        for (String code : new String[] {"QuotaViolation", "SpikeArrestViolation"}) {
            if (body.contains(code)) {
                return " (" + code + ")";
            }
        }
        return "";
    }

    /** Reads Retry-After as seconds or as an HTTP date; anything else counts as absent. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
