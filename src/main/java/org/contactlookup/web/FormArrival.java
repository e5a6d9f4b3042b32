package org.contactlookup.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.contactlookup.client.errors.LogSafe;

/**
 * How a posted form reaches {@link LookupServlet}: refused at once when it is not our form or is
 * too large; otherwise read with non-blocking input ({@link FormReader}), so a client that sends
 * it slowly holds no request thread, and handed on whole, on whichever thread completed it, with
 * the {@link AsyncReply} that answers it. Every way the form can go wrong gets its page here:
 * 415 "Unsupported form", 413 "Form too large", 400 "Unreadable form", 408 "Form too slow".
 */
final class FormArrival {
    /** What is done with a form that arrived whole. */
    interface Handler {
        void accept(AsyncReply reply, Map<String, String> fields);
    }

    /** Beyond the form's and the lookup's own bounds, how long the container waits before it answers 504 itself. */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());

    private final Duration formLimit;
    private final ScheduledExecutorService timer;
    private final Supplier<Duration> longestLookup;

    FormArrival(Duration formLimit, ScheduledExecutorService timer, Supplier<Duration> longestLookup) {
        this.formLimit = formLimit;
        this.timer = timer;
        this.longestLookup = longestLookup;
    }

    void read(HttpServletRequest request, HttpServletResponse response, Handler handler) throws IOException {
        String contextPath = request.getContextPath();
        if (!FormContentType.accepts(request.getContentType(), request.getHeader("Content-Encoding"))) {
            LookupServlet.send(response, 415, Pages.error(contextPath, "Unsupported form",
                    "This page accepts only its own form, sent as UTF-8 form data.", null));
            return;
        }
        if (request.getContentLengthLong() > FormBody.MAX_BYTES) {
            response.setHeader("Connection", "close");
            LookupServlet.send(response, 413, tooLarge(contextPath));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(formLimit.plus(longestLookup.get()).plus(SAFETY_MARGIN).toMillis());
        AsyncReply reply = new AsyncReply(async, response, contextPath);
        FormReader.start(request.getInputStream(), formLimit, timer, outcome -> {
            if (outcome instanceof FormReader.Fields fields) {
                handler.accept(reply, fields.fields());
            } else {
                refuse(reply, outcome);
            }
        });
    }

    private void refuse(AsyncReply reply, FormReader.Outcome outcome) {
        String contextPath = reply.contextPath();
        if (outcome instanceof FormReader.TooLarge) {
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

    private static boolean readTimedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String tooLarge(String contextPath) {
        return Pages.error(contextPath, "Form too large",
                "The form sent was larger than " + FormBody.MAX_BYTES / 1024 + " KiB, far more than its fields need.", null);
    }
}
