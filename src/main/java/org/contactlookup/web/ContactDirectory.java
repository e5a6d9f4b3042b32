package org.contactlookup.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.BudgetState;
import org.contactlookup.client.BudgetStore;
import org.contactlookup.client.CallPolicy;
import org.contactlookup.client.ContactLookup;
import org.contactlookup.client.InfusionsoftException;
import org.contactlookup.client.NetworkException;
import org.contactlookup.client.Protocol;
import org.contactlookup.client.ThrottledException;
import org.contactlookup.client.Secret;

/**
 * The app's one way to Infusionsoft: the shared client (XML-RPC or REST v2, as the connection
 * says), and the result of the guide's
 * {@code cfgCon} check. The check runs once at start-up on a background thread, so deployment
 * never waits for a slow API, and again every {@code recheck} while it fails; a lookup that
 * finds the key refused or the server gone marks the connection failed too. Thread-safe.
 */
final class ContactDirectory implements AutoCloseable {
    static final String ATTRIBUTE = ContactDirectory.class.getName();
    /** The guide's return fields, plus Email to show which address matched. */
    static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    private static final Logger LOG = Logger.getLogger(ContactDirectory.class.getName());

    private final ContactLookup client;
    private final BudgetStore budgets;
    private final Duration recheck;
    private final ScheduledExecutorService checker;
    private volatile ConnectionStatus status;
    private volatile Thread checkerThread;

    private ContactDirectory(ContactLookup client, BudgetStore budgets, ConnectionStatus status, Duration recheck) {
        this.client = client;
        this.budgets = budgets;
        this.status = status;
        this.recheck = recheck;
        this.checker = client == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contact-lookup-connection-check");
            t.setDaemon(true);
            checkerThread = t;
            return t;
        });
    }

    /** A directory that answers every lookup with "not set up" and says why. */
    static ContactDirectory notConfigured(String summary) {
        return new ContactDirectory(null, null, new ConnectionStatus(ConnectionStatus.State.NOT_CONFIGURED, summary), null);
    }

    /** A directory over {@code client}, whose budget is kept in {@code budgets}; its connection check starts at once. */
    static ContactDirectory start(ContactLookup client, BudgetStore budgets, Duration recheck) {
        ContactDirectory directory = new ContactDirectory(client, budgets, ConnectionStatus.CHECKING, recheck);
        directory.checker.execute(directory::check);
        return directory;
    }

    ConnectionStatus status() {
        return status;
    }

    /** The connection's key, for keys derived from it (CSRF signing); empty when no connection is set up. */
    /** The budget the lookups spend and what is left of it; empty when no connection is set up. */
    Optional<BudgetState> budget() {
        return client == null ? Optional.empty() : Optional.of(client.budget());
    }

    /** The connection's name, for log lines; "(none)" when none is set up. */
    String connectionName() {
        return client == null ? "(none)" : client.connection().name();
    }

    /** The connected protocol; only asked when a connection is set up. */
    Protocol protocol() {
        return client.connection().protocol();
    }

    Optional<Secret> key() {
        return client == null ? Optional.empty() : Optional.of(client.connection().key());
    }

    /**
     * The contacts with {@code email} in any address field, with {@link #FIELDS}. The future
     * fails with {@link NotConfiguredException} when no connection is set up, with
     * {@link IllegalArgumentException} when the connection's API cannot search the address, and
     * otherwise with the client's {@link InfusionsoftException}s.
     */
    CompletableFuture<List<Map<String, Object>>> findByEmail(String email) {
        if (client == null) {
            return CompletableFuture.failedFuture(new NotConfiguredException(status.summary()));
        }
        CompletableFuture<List<Map<String, Object>>> lookup;
        try {
            lookup = client.findByEmailAsync(email, FIELDS);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        lookup.whenComplete((found, failure) -> {
            if (failure instanceof InfusionsoftException e && losesTheConnection(e)) {
                fail(e);
            }
        });
        return lookup;
    }

    /** The longest a lookup can take before the client gives up: its permit wait plus its deadline. */
    Duration longestLookup() {
        if (client == null) {
            return Duration.ZERO;
        }
        CallPolicy policy = client.connection().policy();
        return policy.permitWait().plus(policy.deadline());
    }

    private void check() {
        try {
            client.checkConnection();
            status = ConnectionStatus.CONNECTED;
            LOG.info(() -> "connected to Infusionsoft through connection '" + client.connection().name() + "'");
        } catch (ThrottledException e) {
            // Our own limit or Keap's refused the check: nothing is wrong with this node, and
            // every node shares the same budget, so a load balancer should keep it.
            boolean wasWaiting = status.state() == ConnectionStatus.State.FAILED || status.state() == ConnectionStatus.State.LIMITED;
            status = ConnectionStatus.LIMITED;
            LOG.info(() -> "connection '" + client.connection().name() + "' not checked: " + e.getMessage());
            if (!wasWaiting) {
                scheduleRecheck();
            }
        } catch (InfusionsoftException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "connection check crashed", e);
            fail(null);
        }
    }

    private synchronized void fail(InfusionsoftException e) {
        boolean wasFailing = status.state() == ConnectionStatus.State.FAILED || status.state() == ConnectionStatus.State.LIMITED;
        status = new ConnectionStatus(ConnectionStatus.State.FAILED, "connection failed: " + reason(e));
        LOG.warning(() -> "connection failed through connection '" + client.connection().name() + "': "
                + (e == null ? "unexpected error" : e.getMessage()) + "; next check in " + recheck.toSeconds() + " s");
        if (!wasFailing) {
            scheduleRecheck();
        }
    }

    private void scheduleRecheck() {
        try {
            checker.schedule(() -> {
                check();
                if (status.state() == ConnectionStatus.State.FAILED || status.state() == ConnectionStatus.State.LIMITED) {
                    scheduleRecheck();
                }
            }, recheck.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the app is stopping; no more checks are wanted
        }
    }

    /** Failures that say the connection itself is broken, as opposed to one bad call. */
    private static boolean losesTheConnection(InfusionsoftException e) {
        return e.isKeyRefused()
                || (e instanceof NetworkException network
                        && (network.kind() == NetworkException.Kind.UNREACHABLE || network.kind() == NetworkException.Kind.TLS));
    }

    /** A reason fit for a page and a health answer: no server text, no key, no path. */
    static String reason(InfusionsoftException e) {
        if (e != null && e.isKeyRefused()) {
            return "the key was refused";
        }
        if (e instanceof NetworkException network) {
            return switch (network.kind()) {
                case UNREACHABLE -> "the server could not be reached";
                case TIMEOUT -> "the server did not answer in time";
                case TLS -> "the server's certificate is not trusted (see the connection's trust setting)";
                case CONNECTION_LOST -> "the connection was lost";
            };
        }
        return "the server gave an unexpected answer";
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.shutdownNow();
            try {
                checker.awaitTermination(5, TimeUnit.SECONDS);
                // The pool reports termination just before its thread dies; Tomcat looks for
                // leftover threads right after this method returns, so wait for the thread itself.
                Thread thread = checkerThread;
                if (thread != null) {
                    thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
            budgets.close();
        }
    }
}
