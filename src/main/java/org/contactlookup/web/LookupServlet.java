package org.contactlookup.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.errors.UnsearchableAddressException;

/**
 * The guide's page: {@code GET} shows the form; {@code POST} reads the three fields, checks them,
 * looks the email up, and shows who was found. The query string is never read, so no email
 * address ends up in a URL or an access log.
 *
 * <p>A {@code POST} holds no request thread while it waits: the body is read with non-blocking
 * input ({@link FormReader}, 408 when it does not arrive within {@value #FORM_SECONDS}, default
 * 10 s), and the lookup is the client's asynchronous call, answered from the thread that
 * completes it ({@link AsyncReply}).
 */
@WebServlet(name = "lookup", urlPatterns = "", asyncSupported = true)
public final class LookupServlet extends HttpServlet {
    /** The setting for how long a form body may take to arrive, in whole seconds. */
    public static final String FORM_SECONDS = "contactlookup.formSeconds";
    private static final long DEFAULT_FORM_SECONDS = 10;
    /** Beyond the client's own bound, how long the container waits before it answers 504 itself. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ContactForm EMPTY = new ContactForm("", "", "");

    private transient ContactDirectory directory;
    private transient RefusalLog refusals;
    private transient CsrfTokens csrfTokens;
    private transient ScheduledThreadPoolExecutor formTimer;
    private Duration formLimit;

    @Override
    public void init() throws ServletException {
        directory = (ContactDirectory) getServletContext().getAttribute(ContactDirectory.ATTRIBUTE);
        if (directory == null) {
            throw new ServletException("ContactLookupListener did not run: " + ContactDirectory.ATTRIBUTE + " is missing");
        }
        csrfTokens = (CsrfTokens) getServletContext().getAttribute(CsrfTokens.ATTRIBUTE);
        refusals = new RefusalLog(directory.connectionName());
        formLimit = new Settings(getServletContext()).seconds(FORM_SECONDS, DEFAULT_FORM_SECONDS);
        formTimer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "contact-lookup-form-timer");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
        formTimer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void destroy() {
        formTimer.shutdownNow();
        try {
            formTimer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String csrf = csrfTokens.issue(request, response);
        send(response, 200, Pages.form(request.getContextPath(), directory.status(), csrf, EMPTY, Map.of()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contextPath = request.getContextPath();
        if (!FormContentType.accepts(request.getContentType(), request.getHeader("Content-Encoding"))) {
            send(response, 415, Pages.error(contextPath, "Unsupported form",
                    "This page accepts only its own form, sent as UTF-8 form data.", null));
            return;
        }
        if (request.getContentLengthLong() > FormBody.MAX_BYTES) {
            response.setHeader("Connection", "close");
            send(response, 413, tooLarge(contextPath));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(formLimit.plus(directory.longestLookup()).plus(SAFETY_MARGIN).toMillis());
        AsyncReply reply = new AsyncReply(async, response, contextPath);
        FormReader.start(request.getInputStream(), formLimit, formTimer, outcome -> onBody(request, response, reply, outcome));
    }

    private void onBody(HttpServletRequest request, HttpServletResponse response, AsyncReply reply, FormReader.Outcome outcome) {
        String contextPath = reply.contextPath();
        if (outcome instanceof FormReader.Fields f) {
            onForm(request, response, reply, f.fields());
        } else if (outcome instanceof FormReader.TooLarge) {
            reply.send(413, tooLarge(contextPath), "Connection", "close");
        } else if (outcome instanceof FormReader.Malformed m) {
            reply.send(400, Pages.error(contextPath, "Unreadable form", "The form could not be read: " + m.reason() + ".", null));
        } else if (outcome instanceof FormReader.TimedOut) {
            reply.send(408, Pages.error(contextPath, "Form too slow", "The form did not arrive within "
                    + formLimit.toSeconds() + " seconds. Please send it again.", null), "Connection", "close");
        } else if (outcome instanceof FormReader.Broken broken && readTimedOut(broken.cause())) {
            // The connector's own read timeout (connectionTimeout) ran out before ours: a slow form all the same.
            reply.send(408, Pages.error(contextPath, "Form too slow", "The form did not arrive in time. Please send it again.", null),
                    "Connection", "close");
        } else {
            // A body the container could not decode (a broken chunk, Content-Length beside chunked) or
            // a connection that broke: the first deserves a 400, and for the second the write just fails.
            LOG.fine(() -> "unreadable form body: " + (outcome instanceof FormReader.Broken b ? LogSafe.clean(String.valueOf(b.cause())) : ""));
            reply.send(400, Pages.error(contextPath, "Unreadable form", "The form could not be read: its body was not "
                    + "sent in a form HTTP allows.", null), "Connection", "close");
        }
    }

    private void onForm(HttpServletRequest request, HttpServletResponse response, AsyncReply reply, Map<String, String> fields) {
        String contextPath = reply.contextPath();
        Optional<FailurePage> refused = csrfTokens.check(request, fields.get(CsrfTokens.FIELD));
        if (refused.isPresent()) {
            reply.send(refused.get(), null);
            return;
        }
        String csrf = csrfTokens.issue(request, response);
        ContactForm form = ContactForm.of(fields);
        Map<String, String> errors = form.errors();
        if (errors.isEmpty()) {
            directory.problemWith(form.email()).ifPresent(problem -> errors.put("email", cannotLookUp(problem)));
        }
        if (!errors.isEmpty()) {
            reply.send(400, Pages.form(contextPath, directory.status(), csrf, form, errors));
            return;
        }
        long start = System.nanoTime();
        String who = LogSafe.email(form.email());
        directory.findByEmail(form.email()).whenComplete((contacts, failure) -> {
            if (failure == null) {
                // One line per lookup: its source named, so that no formatter walks the stack to find it.
                LOG.logp(Level.INFO, LookupServlet.class.getName(), "doPost",
                        () -> "lookup for " + who + ": " + contacts.size() + " found in " + millisSince(start) + " ms");
                reply.send(200, Pages.results(contextPath, directory.status(), csrf, form, contacts));
            } else {
                onFailure(reply, form, csrf, who, start, failure);
            }
        });
    }

    private void onFailure(AsyncReply reply, ContactForm form, String csrf, String who, long start, Throwable failure) {
        String contextPath = reply.contextPath();
        if (failure instanceof UnsearchableAddressException e) {
            LOG.info(() -> "lookup for " + who + ": cannot be searched exactly (" + e.getMessage() + ")");
            reply.send(400, Pages.form(contextPath, directory.status(), csrf, form, Map.of("email", cannotLookUp(e.getMessage()))));
        } else if (failure instanceof NotConfiguredException e) {
            LOG.info(() -> "lookup for " + who + ": not configured (" + e.getMessage() + ")");
            reply.send(FailurePage.notConfigured(e.getMessage()), null);
        } else if (failure instanceof ThrottledException e && !e.source().isServer()) {
            refusals.refused(e);
            reply.send(FailurePage.of(e), null);
        } else if (failure instanceof InfusionsoftException e) {
            String reference = newReference();
            LOG.log(Level.WARNING, "lookup for " + who + " failed in " + millisSince(start) + " ms [ref " + reference + "]: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            reply.send(FailurePage.of(e), reference);
        } else {
            String reference = newReference();
            LOG.log(Level.SEVERE, "lookup for " + who + " crashed [ref " + reference + "]", failure);
            reply.send(500, Pages.error(contextPath, "Error 500", "Something went wrong on our side. Please try again later.", reference));
        }
    }

    private static boolean readTimedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String cannotLookUp(String problem) {
        return "This address cannot be looked up: " + problem + ".";
    }

    private static String tooLarge(String contextPath) {
        return Pages.error(contextPath, "Form too large",
                "The form sent was larger than " + FormBody.MAX_BYTES / 1024 + " KiB, far more than its fields need.", null);
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
