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
 * connection failed too. Thread-safe.
 */
final class ConnectionCheck {
    private static final Logger LOG = Logger.getLogger(ContactDirectory.class.getName());

    private final Supplier<ContactLookup> client;
    private final ScheduledExecutorService scheduler;
    private final Duration recheck;
    private volatile ConnectionStatus status = ConnectionStatus.CHECKING;
    /** Bumped by {@link #restart()}, so that rechecks scheduled for an older client lapse. */
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicBoolean recheckScheduled = new AtomicBoolean();

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
            if (state == ConnectionStatus.State.FAILED) {
                LOG.info(() -> "connection '" + client.get().connection().name() + "' works again: a lookup was answered");
            }
        }
    }

    private void check() {
        String name = client.get().connection().name();
        try {
            client.get().checkConnection();
            status = ConnectionStatus.CONNECTED;
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
        status = new ConnectionStatus(ConnectionStatus.State.FAILED, "connection failed: " + FailurePage.reason(e));
        LOG.warning(() -> "connection failed through connection '" + client.get().connection().name() + "': "
                + (e == null ? "unexpected error" : e.getMessage()) + "; next check in " + recheck.toSeconds() + " s");
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
