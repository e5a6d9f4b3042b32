package org.contactlookup.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers on every response, set before anything else runs. The policy allows only our own
 * stylesheet: no script at all, no framing, forms only to ourselves. Everything but the
 * stylesheet is {@code no-store}, as the pages show contact data and tokens.
 *
 * <p>An answer to a secure request ({@code request.isSecure()}: HTTPS at this Tomcat, or at a
 * proxy that Tomcat is told about) also says {@value #STRICT_TRANSPORT_SECURITY}: browsers then use
 * only HTTPS for this host for a year, so a later visit cannot be downgraded to plain HTTP. Not
 * on plain HTTP, where browsers ignore it anyway. Without {@code includeSubDomains}: other hosts
 * under the same domain are not ours to bind to HTTPS; nor {@code preload}, which only the
 * domain's owner can decide.
 *
 * <p>It runs again for error dispatches: when Tomcat refuses a request inside the app before any
 * filter (TRACE, {@code /WEB-INF/}, too many cookies) or resets a response to show an error page,
 * only the error dispatch to {@code /error} passes through here. Asynchronous requests pass
 * through it too, so it must support them.
 */
@WebFilter(filterName = "securityHeaders", urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR})
public final class SecurityHeadersFilter extends HttpFilter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        if (!request.getServletPath().startsWith("/static/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
