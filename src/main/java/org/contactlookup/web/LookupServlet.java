package org.contactlookup.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.InfusionsoftException;
import org.contactlookup.client.LogSafe;

/**
 * The guide's page: {@code GET} shows the form; {@code POST} reads the three fields, checks them,
 * looks the email up, and shows who was found. The query string is never read, so no email
 * address ends up in a URL or an access log.
 */
@WebServlet(name = "lookup", urlPatterns = "")
public final class LookupServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ContactForm EMPTY = new ContactForm("", "", "");

    private transient ContactDirectory directory;

    @Override
    public void init() throws ServletException {
        directory = (ContactDirectory) getServletContext().getAttribute(ContactDirectory.ATTRIBUTE);
        if (directory == null) {
            throw new ServletException("ContactLookupListener did not run: " + ContactDirectory.ATTRIBUTE + " is missing");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String csrf = CsrfTokens.issue(request, response);
        send(response, 200, Pages.form(request.getContextPath(), directory.status(), csrf, EMPTY, Map.of()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contextPath = request.getContextPath();
        if (!isUtf8Form(request.getContentType())) {
            send(response, 415, Pages.error(contextPath, "Unsupported form",
                    "This page accepts only its own form, sent as UTF-8 form data.", null));
            return;
        }
        Map<String, String> fields;
        try {
            fields = FormBody.read(request.getInputStream(), request.getContentLengthLong());
        } catch (FormBody.TooLarge e) {
            response.setHeader("Connection", "close");
            send(response, 413, Pages.error(contextPath, "Form too large",
                    "The form sent was larger than " + FormBody.MAX_BYTES / 1024 + " KiB, far more than its fields need.", null));
            return;
        } catch (FormBody.Malformed e) {
            send(response, 400, Pages.error(contextPath, "Unreadable form", "The form could not be read: " + e.getMessage() + ".", null));
            return;
        }
        if (!CsrfTokens.valid(request, fields.get(CsrfTokens.FIELD))) {
            send(response, 403, Pages.error(contextPath, "Form expired",
                    "This form was not sent from this site's page, or it has expired. Open the form again and resend it.", null));
            return;
        }
        String csrf = CsrfTokens.issue(request, response);
        ContactForm form = ContactForm.of(fields);
        Map<String, String> errors = form.errors();
        if (!errors.isEmpty()) {
            send(response, 400, Pages.form(contextPath, directory.status(), csrf, form, errors));
            return;
        }
        lookUp(request, response, form, csrf);
    }

    private void lookUp(HttpServletRequest request, HttpServletResponse response, ContactForm form, String csrf) throws IOException {
        String contextPath = request.getContextPath();
        long start = System.nanoTime();
        String who = LogSafe.email(form.email());
        try {
            List<Map<String, Object>> contacts = directory.findByEmail(form.email());
            LOG.info(() -> "lookup for " + who + ": " + contacts.size() + " found in " + millisSince(start) + " ms");
            send(response, 200, Pages.results(contextPath, directory.status(), csrf, form, contacts));
        } catch (IllegalArgumentException e) {
            // The address passed the form's checks but the connection's API cannot search it exactly.
            LOG.info(() -> "lookup for " + who + ": refused by the client (" + e.getMessage() + ")");
            send(response, 400, Pages.form(contextPath, directory.status(), csrf, form,
                    Map.of("email", "This address cannot be looked up: " + e.getMessage() + ".")));
        } catch (NotConfiguredException e) {
            LOG.info(() -> "lookup for " + who + ": not configured (" + e.getMessage() + ")");
            sendFailure(response, contextPath, FailurePage.notConfigured(e.getMessage()), null);
        } catch (InfusionsoftException e) {
            String reference = newReference();
            LOG.log(Level.WARNING, "lookup for " + who + " failed in " + millisSince(start) + " ms [ref " + reference + "]: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            sendFailure(response, contextPath, FailurePage.of(e), reference);
        }
    }

    private static void sendFailure(HttpServletResponse response, String contextPath, FailurePage page, String reference) throws IOException {
        if (page.retryAfter() != null) {
            response.setHeader("Retry-After", Long.toString(page.retryAfter().toSeconds()));
        }
        send(response, page.status(), Pages.error(contextPath, page.title(), page.message(), reference));
    }

    static boolean isUtf8Form(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].strip().equals("application/x-www-form-urlencoded")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static String newReference() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static void send(HttpServletResponse response, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
