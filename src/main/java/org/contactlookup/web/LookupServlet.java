package org.contactlookup.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.errors.LogSafe;

/**
 * The guide's page: {@code GET} shows the form; {@code POST} does the guide's steps 3 to 7 in
 * their order (read the form, check it, look the email up, print who was found), as
 * {@link #doPost} reads. The query string is never read, so no email address ends up in a URL or
 * an access log.
 *
 * <p>A {@code POST} holds no request thread while it waits: the body is read as it arrives
 * ({@link FormArrival}; 408 when it takes longer than {@value #FORM_SECONDS}, default 10 s), and
 * the lookup is the client's asynchronous call, answered from the thread that completes it
 * ({@link AsyncReply}). A failed lookup gets its page in {@link LookupFailures}.
 */
@WebServlet(name = "lookup", urlPatterns = "", asyncSupported = true)
public final class LookupServlet extends HttpServlet {
    /** The setting for how long a form body may take to arrive, in whole seconds. */
    public static final String FORM_SECONDS = "contactlookup.formSeconds";
    private static final long DEFAULT_FORM_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());
    private static final ContactForm EMPTY = new ContactForm("", "", "");

    private transient ContactDirectory directory;
    private transient CsrfTokens csrfTokens;
    private transient VisitorShares visitors;
    private transient ScheduledThreadPoolExecutor formTimer;
    private transient FormArrival forms;
    private transient LookupFailures failures;
    private transient Reveal reveal;

    @Override
    public void init() throws ServletException {
        directory = (ContactDirectory) getServletContext().getAttribute(ContactDirectory.ATTRIBUTE);
        if (directory == null) {
            throw new ServletException("ContactLookupListener did not run: " + ContactDirectory.ATTRIBUTE + " is missing");
        }
        csrfTokens = (CsrfTokens) getServletContext().getAttribute(CsrfTokens.ATTRIBUTE);
        visitors = (VisitorShares) getServletContext().getAttribute(VisitorShares.ATTRIBUTE);
        formTimer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "contact-lookup-form-timer");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
        formTimer.setRemoveOnCancelPolicy(true);
        Duration formLimit = new Settings(getServletContext()).seconds(FORM_SECONDS, DEFAULT_FORM_SECONDS);
        forms = new FormArrival(formLimit, formTimer, directory::longestLookup);
        failures = new LookupFailures(directory);
        reveal = Reveal.from(new Settings(getServletContext()));
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
        // 3. $_POST['email'], $_POST['first'], $_POST['last']: the form, read as it arrives.
        forms.read(request, response, (reply, fields) -> {
            // Only a form from this site's own page is taken (CSRF); the answer carries a fresh token.
            Optional<FailurePage> refused = csrfTokens.check(request, fields.get(CsrfTokens.FIELD));
            if (refused.isPresent()) {
                reply.send(refused.get(), null);
                return;
            }
            String csrf = csrfTokens.issue(request, response);
            // 4. The sanity checks the guide leaves to the reader: nothing blank, an email, names.
            ContactForm form = ContactForm.of(fields);
            Map<String, String> errors = form.errors();
            if (!errors.isEmpty()) {
                reply.send(400, Pages.form(reply.contextPath(), directory.status(), csrf, form, errors));
                return;
            }
            // One visitor may spend only a share of the budget everybody shares (429 past it).
            Optional<FailurePage> overShare = visitors.admit(request);
            if (overShare.isPresent()) {
                reply.send(overShare.get(), null);
                return;
            }
            // 5. $app->findByEmail($email, $returnFields), answered when Infusionsoft answers. An address
            // the connection cannot search exactly comes back to the form as a failure (LookupFailures).
            long start = System.nanoTime();
            directory.findByEmail(form.email()).whenComplete((contacts, failure) -> {
                if (failure != null) {
                    failures.answer(reply, form, csrf, start, failure);
                    return;
                }
                // 6. and 7. print_r($contacts), or "Found no one by that name": the results page shows either.
                // One line per lookup: its source named, so that no formatter walks the stack to find it.
                LOG.logp(Level.INFO, LookupServlet.class.getName(), "doPost", () -> "lookup for " + LogSafe.email(form.email()) + ": "
                        + contacts.size() + " found in " + millisSince(start) + " ms");
                reply.send(200, reveal.results(reply.contextPath(), directory.status(), csrf, form, contacts));
            });
        });
    }

    static long millisSince(long startNanos) {
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
