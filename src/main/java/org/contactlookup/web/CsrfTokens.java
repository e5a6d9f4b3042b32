package org.contactlookup.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Cross-site request forgery protection by double submit: a random token lives in a
 * {@code SameSite=Strict}, {@code HttpOnly} cookie and in a hidden form field, and a POST must
 * carry both, equal. Nothing is kept on the server, so it works behind any number of Tomcat
 * nodes without sticky sessions or a shared secret; another site can neither read the cookie
 * nor make the browser send it.
 */
final class CsrfTokens {
    static final String COOKIE = "contactlookup_csrf";
    static final String FIELD = "csrf";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {
    }

    /** The request's token, or a new one set as a cookie on the response. */
    static String issue(HttpServletRequest request, HttpServletResponse response) {
        String existing = fromCookie(request);
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Cookie cookie = new Cookie(COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setAttribute("SameSite", "Strict");
        response.addCookie(cookie);
        return token;
    }

    /** True when the posted token is well formed and equals the cookie's. */
    static boolean valid(HttpServletRequest request, String posted) {
        String cookie = fromCookie(request);
        return cookie != null && posted != null && SHAPE.matcher(posted).matches()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), posted.getBytes(StandardCharsets.US_ASCII));
    }

    private static String fromCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && SHAPE.matcher(c.getValue()).matches()) {
                return c.getValue();
            }
        }
        return null;
    }
}
