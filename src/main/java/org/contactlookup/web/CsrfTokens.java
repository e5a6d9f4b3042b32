package org.contactlookup.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.contactlookup.client.config.Secret;

/**
 * Cross-site request forgery protection by signed double submit: the page puts one token in a
 * {@code SameSite=Strict}, {@code HttpOnly} cookie and in a hidden form field, and a POST must
 * carry both, equal, signed with this deployment's key ({@link SignedTokens}) and issued less
 * than the lifetime ago. Nothing is kept on the server, so any node of a deployment accepts a
 * token that another node issued, without sticky sessions.
 *
 * <p>The signing key, first match wins: derived from the setting {@value #SECRET} (at least
 * {@value #MIN_SECRET_LENGTH} characters); derived one way from the connection's key, which every
 * node of a deployment already shares; a random key made at start-up, when no connection is set
 * up (tokens then die with the app and are not shared between nodes). The lifetime is
 * {@value #LIFETIME_MINUTES} minutes, default {@value #DEFAULT_LIFETIME_MINUTES}.
 *
 * <p>Over HTTPS ({@code request.isSecure()}) the cookie is {@value #SECURE_COOKIE}, {@code Secure}
 * with {@code Path=/}: the prefix makes browsers refuse it from a sibling subdomain or from plain
 * HTTP. Over plain HTTP, where browsers refuse that prefix, it is {@value #COOKIE} on the app's path.
 * Thread-safe.
 */
final class CsrfTokens {
    static final String ATTRIBUTE = CsrfTokens.class.getName();
    static final String SECRET = "contactlookup.csrfSecret";
    static final String LIFETIME_MINUTES = "contactlookup.csrfLifetimeMinutes";
    static final int DEFAULT_LIFETIME_MINUTES = 240;
    static final int MIN_SECRET_LENGTH = 32;
    static final String FIELD = "csrf";
    static final String COOKIE = "contactlookup_csrf";
    static final String SECURE_COOKIE = "__Host-" + COOKIE;
    /** What the signing key is derived for; changing it invalidates every token in circulation. */
    static final String KEY_PURPOSE = "contactlookup CSRF token signing key v1";
    private static final Logger LOG = Logger.getLogger(CsrfTokens.class.getName());
    private static final FailurePage NO_COOKIE = new FailurePage(403, "Form not accepted",
            "This form arrived without this site's security cookie, so it cannot be confirmed as sent from this site's page. "
                    + "Allow cookies for this site, open the form again and resend it.", null);
    private static final FailurePage UNCONFIRMED = new FailurePage(403, "Form not accepted",
            "This form could not be confirmed as sent from this site's page. Open the form again and resend it.", null);

    private final SignedTokens tokens;
    private final FailurePage expired;

    CsrfTokens(SignedTokens tokens) {
        this.tokens = tokens;
        this.expired = new FailurePage(403, "Form expired", "This form has expired: its security token was issued more than "
                + describe(tokens.lifetime()) + " ago. Open the form again and resend it.", null);
    }

    /**
     * Tokens as the settings ask. A wrong setting never stops deployment: it is logged as SEVERE
     * and the default (the lifetime) or the next key source (the secret) is used instead.
     *
     * @param connectionKey the connection's key, asked for when signing so that a rotated key is followed
     */
    static CsrfTokens create(Settings settings, Supplier<Optional<Secret>> connectionKey) {
        return new CsrfTokens(new SignedTokens(signingKey(settings, connectionKey), lifetime(settings), Clock.systemUTC()));
    }

    /** The token for a page: the request's own cookie token while it is fresh, else a new one, set as the cookie. */
    String issue(HttpServletRequest request, HttpServletResponse response) {
        for (String token : cookieTokens(request)) {
            if (tokens.isFresh(token)) {
                return token;
            }
        }
        String token = tokens.issue();
        boolean secure = request.isSecure();
        Cookie cookie = new Cookie(secure ? SECURE_COOKIE : COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        // Browsers accept a __Host- cookie only with Path=/.
        cookie.setPath(secure || request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setAttribute("SameSite", "Strict");
        response.addCookie(cookie);
        return token;
    }

    /** Empty when the POST carries a valid token in both places; otherwise the 403 page saying why. */
    Optional<FailurePage> check(HttpServletRequest request, String posted) {
        List<String> cookies = cookieTokens(request);
        if (cookies.isEmpty()) {
            return Optional.of(NO_COOKIE);
        }
        if (posted == null || cookies.stream().noneMatch(cookie -> sameText(cookie, posted))) {
            return Optional.of(UNCONFIRMED);
        }
        return switch (tokens.verify(posted)) {
            case VALID -> Optional.empty();
            case EXPIRED -> Optional.of(expired);
            case INVALID -> Optional.of(UNCONFIRMED);
        };
    }

    /** The values of this scheme's token cookie; a browser may send more than one. */
    private static List<String> cookieTokens(HttpServletRequest request) {
        String name = request.isSecure() ? SECURE_COOKIE : COOKIE;
        List<String> values = new ArrayList<>(1);
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName()) && !c.getValue().isEmpty()) {
                    values.add(c.getValue());
                }
            }
        }
        return values;
    }

    private static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String describe(Duration lifetime) {
        long minutes = lifetime.toMinutes();
        if (minutes % 60 == 0) {
            return minutes == 60 ? "1 hour" : minutes / 60 + " hours";
        }
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static Duration lifetime(Settings settings) {
        Optional<String> value = settings.get(LIFETIME_MINUTES);
        if (value.isPresent()) {
            try {
                int minutes = Integer.parseInt(value.get());
                if (minutes > 0) {
                    return Duration.ofMinutes(minutes);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            LOG.severe(LIFETIME_MINUTES + " must be a positive whole number of minutes, not '" + value.get()
                    + "'; using " + DEFAULT_LIFETIME_MINUTES);
        }
        return Duration.ofMinutes(DEFAULT_LIFETIME_MINUTES);
    }

    private static Supplier<byte[]> signingKey(Settings settings, Supplier<Optional<Secret>> connectionKey) {
        Optional<Secret> secret = configuredSecret(settings);
        if (secret.isPresent()) {
            byte[] key = secret.get().derive(KEY_PURPOSE);
            LOG.info(() -> "CSRF tokens are signed with a key derived from " + SECRET);
            return () -> key;
        }
        if (connectionKey.get().isPresent()) {
            LOG.info(() -> "CSRF tokens are signed with a key derived from the connection's key; set " + SECRET + " to use another");
        } else {
            LOG.info(() -> "CSRF tokens are signed with a random key until a connection is set up: other nodes and restarts "
                    + "will not accept them; set " + SECRET + " to share one");
        }
        return new FollowingKey(connectionKey, KEY_PURPOSE);
    }

    private static Optional<Secret> configuredSecret(Settings settings) {
        Optional<String> value = settings.get(SECRET);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().length() < MIN_SECRET_LENGTH) {
            LOG.severe(SECRET + " is ignored: it has " + value.get().length() + " characters, and a signing secret needs at least "
                    + MIN_SECRET_LENGTH);
            return Optional.empty();
        }
        try {
            return Optional.of(Secret.of(value.get()));
        } catch (IllegalArgumentException e) {
            LOG.severe(SECRET + " is ignored: " + e.getMessage());
            return Optional.empty();
        }
    }
}
