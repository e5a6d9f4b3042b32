package org.contactlookup.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.errors.UnsearchableAddressException;

/**
 * The one place a failed lookup becomes its page and its log line: an address that cannot be
 * searched goes back to the form with the reason beside the field; refusals by our own limits
 * are counted ({@link RefusalLog}), not logged one by one; every other failure is logged once with
 * a reference the page shows ({@link FailurePage} has the words and statuses).
 */
final class LookupFailures {
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContactDirectory directory;
    private final RefusalLog refusals;

    LookupFailures(ContactDirectory directory) {
        this.directory = directory;
        this.refusals = new RefusalLog(directory.connectionName());
    }

    /** The words beside the email field for an address that cannot be looked up. */
    private static String cannotLookUp(String problem) {
        return "This address cannot be looked up: " + problem + ".";
    }

    /** Answers the lookup of {@code form}, started at {@code startNanos}, that failed with {@code failure}. */
    void answer(AsyncReply reply, ContactForm form, String csrf, long startNanos, Throwable failure) {
        String who = LogSafe.email(form.email());
        if (failure instanceof UnsearchableAddressException e) {
            LOG.info(() -> "lookup for " + who + ": cannot be searched exactly (" + e.getMessage() + ")");
            reply.send(400, Pages.form(reply.contextPath(), directory.status(), csrf, form, Map.of("email", cannotLookUp(e.getMessage()))));
        } else if (failure instanceof NotConfiguredException e) {
            LOG.info(() -> "lookup for " + who + ": not configured (" + e.getMessage() + ")");
            reply.send(FailurePage.notConfigured(e.getMessage()), null);
        } else if (failure instanceof ThrottledException e && !e.source().isServer()) {
            refusals.refused(e);
            reply.send(FailurePage.of(e), null);
        } else if (failure instanceof InfusionsoftException e) {
            String reference = newReference();
            LOG.log(Level.WARNING, "lookup for " + who + " failed in " + LookupServlet.millisSince(startNanos) + " ms [ref "
                    + reference + "]: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            reply.send(FailurePage.of(e), reference);
        } else {
            String reference = newReference();
            LOG.log(Level.SEVERE, "lookup for " + who + " crashed [ref " + reference + "]", failure);
            reply.send(500, Pages.error(reply.contextPath(), "Error 500", "Something went wrong on our side. Please try again later.",
                    reference));
        }
    }

    private static String newReference() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
