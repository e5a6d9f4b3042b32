package org.contactlookup.web;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.ContactLookup;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.errors.TokenRefreshException;

/**
 * The guide's {@code cfgCon} check, kept up to date: it runs on the directory's background
 * thread, so deployment never waits for a slow API, and again every {@code recheck} while it
 * fails or could not be sent; a lookup that finds the key refused or the server gone marks the
 * connection failed too. Each problem is logged once, then summed up at most once every
 * {@link #SUMMARY_EVERY} while it lasts, and its end is one line. Thread-safe.
 */
final class ConnectionCheck {
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(ContactDirectory.class.getName());

    private final Supplier<ContactLookup> client;
    private final ScheduledExecutorService scheduler;
    private final Duration recheck;
    private volatile ConnectionStatus status = ConnectionStatus.CHECKING;
    /** Bumped by {@link #restart()}, so that rechecks scheduled for an older client lapse. */
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicBoolean recheckScheduled = new AtomicBoolean();
    /**
     * The problem last logged, so that a connection that keeps failing the same way is one line
     * and then a summary every {@link #SUMMARY_EVERY}, not one line per lookup; null when none is.
     */
    private String loggedProblem;
    private long sameSinceLastLine;
    private long summaryDueAt;

    ConnectionCheck(Supplier<ContactLookup> client, ScheduledExecutorService scheduler, Duration recheck) {
        this.client = client;
        this.scheduler = scheduler;
        this.recheck = recheck;
    }

    ConnectionStatus status() {
        return status;
    }

    /** Checks again from the start, as for a new client; at once, on the scheduler's thread. */
    void restart() {
        generation.incrementAndGet();
        status = ConnectionStatus.CHECKING;
        submit(this::check, Duration.ZERO);
    }

    /** A lookup's failure; marks the connection failed when it says the connection itself is broken. */
    void lookupFailed(InfusionsoftException e) {
        if (e.isKeyRefused() || e instanceof TokenRefreshException || (e instanceof NetworkException network
                && (network.kind() == NetworkException.Kind.UNREACHABLE || network.kind() == NetworkException.Kind.TLS))) {
            fail(e);
        }
    }

    /**
     * A lookup was answered: a connection waiting for the shared budget, or marked failed by an
     * earlier lookup (a token since renewed, a server back), is evidently fine; rechecks scheduled
     * meanwhile find it so too.
     */
    void lookupSucceeded() {
        ConnectionStatus.State state = status.state();
        if (state == ConnectionStatus.State.LIMITED || state == ConnectionStatus.State.FAILED) {
            status = ConnectionStatus.CONNECTED;
            over("works again: a lookup was answered");
        }
    }

    /** The one line that says a logged problem is over, with the failures not yet counted in a line. */
    private synchronized void over(String how) {
        if (loggedProblem == null) {
            return;
        }
        long unsaid = sameSinceLastLine;
        loggedProblem = null;
        LOG.info(() -> "connection '" + client.get().connection().name() + "' " + how
                + (unsaid == 0 ? "" : " (" + unsaid + " more " + failures(unsaid) + " since the last line)"));
    }

    private static String failures(long count) {
        return count == 1 ? "failure" : "failures";
    }

    private void check() {
        String name = client.get().connection().name();
        try {
            client.get().checkConnection();
            status = ConnectionStatus.CONNECTED;
            over("works again");
            LOG.info(() -> "connected to Infusionsoft through connection '" + name + "'");
        } catch (ThrottledException e) {
            // Our own limit or Keap's refused the check: nothing is wrong with this node, and
            // every node shares the same budget, so a load balancer should keep it.
            status = ConnectionStatus.LIMITED;
            LOG.info(() -> "connection '" + name + "' not checked: " + e.getMessage());
            scheduleRecheck();
        } catch (InfusionsoftException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "connection check crashed", e);
            fail(null);
        }
    }

    private synchronized void fail(InfusionsoftException e) {
        String reason = FailurePage.reason(e);
        status = new ConnectionStatus(ConnectionStatus.State.FAILED, "connection failed: " + reason);
        String name = client.get().connection().name();
        String detail = e == null ? "unexpected error" : e.getMessage();
        long now = System.nanoTime();
        if (!reason.equals(loggedProblem)) {
            loggedProblem = reason;
            sameSinceLastLine = 0;
            summaryDueAt = now + SUMMARY_EVERY.toNanos();
            LOG.warning(() -> "connection failed through connection '" + name + "': " + detail + "; next check in " + recheck.toSeconds() + " s");
        } else {
            sameSinceLastLine++;
            if (now - summaryDueAt >= 0) {
                long count = sameSinceLastLine;
                sameSinceLastLine = 0;
                summaryDueAt = now + SUMMARY_EVERY.toNanos();
                LOG.warning(() -> "connection '" + name + "' still failing (" + reason + "): " + count + " more " + failures(count)
                        + " since the last line; the latest: " + detail);
            }
        }
        scheduleRecheck();
    }

    /** True while a recheck is already scheduled: the connection failed, or its check could not be sent. */
    private boolean waiting() {
        return status.state() == ConnectionStatus.State.FAILED || status.state() == ConnectionStatus.State.LIMITED;
    }

    /** Schedules one recheck, unless one is scheduled already; it schedules the next while the connection is not up. */
    private void scheduleRecheck() {
        if (!recheckScheduled.compareAndSet(false, true)) {
            return;
        }
        int scheduledFor = generation.get();
        submit(() -> {
            recheckScheduled.set(false);
            if (scheduledFor == generation.get()) {
                check();
            }
            if (waiting()) {
                scheduleRecheck();
            }
        }, recheck);
    }

    private void submit(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the app is stopping; no more checks are wanted
        }
    }
}
