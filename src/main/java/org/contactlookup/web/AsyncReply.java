package org.contactlookup.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one answer to a request that went async. Whichever comes first answers (the form reader,
 * the lookup, or the container's safety timeout) and completes the request; anything later is
 * ignored, so a response is never written twice or after the container has recycled it.
 */
final class AsyncReply implements AsyncListener {
    private static final Logger LOG = Logger.getLogger(AsyncReply.class.getName());

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final String contextPath;
    private final AtomicBoolean answered = new AtomicBoolean();

    AsyncReply(AsyncContext async, HttpServletResponse response, String contextPath) {
        this.async = async;
        this.response = response;
        this.contextPath = contextPath;
        async.addListener(this);
    }

    String contextPath() {
        return contextPath;
    }

    /** Sends the page and completes the request; false when an answer had already gone. */
    boolean send(int status, String html) {
        return send(status, html, null, null);
    }

    /** The page for a lookup that could not be made; {@code reference} ties it to its log line, when there is one. */
    boolean send(FailurePage page, String reference) {
        String html = Pages.error(contextPath, page.title(), page.message(), reference);
        return page.retryAfter() == null ? send(page.status(), html)
                : send(page.status(), html, "Retry-After", Long.toString(page.retryAfter().toSeconds()));
    }

    /** Like {@link #send(int, String)}, with one extra header when {@code header} is not null. */
    boolean send(int status, String html, String header, String value) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (header != null) {
                response.setHeader(header, value);
            }
            LookupServlet.send(response, status, html);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "the answer could not be written; the client has most likely gone", e);
        } finally {
            async.complete();
        }
        return true;
    }

    /** Completes the request without an answer: the connection broke. */
    void abandon() {
        if (answered.compareAndSet(false, true)) {
            async.complete();
        }
    }

    /** The container's own limit ran out first: the client's deadline should have ended the lookup before this. */
    @Override
    public void onTimeout(AsyncEvent event) {
        send(FailurePage.noAnswerInTime(), null);
    }

    @Override
    public void onError(AsyncEvent event) {
        abandon();
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
