package org.contactlookup.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.contactlookup.client.ContactLookup;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.budget.VisitorBudget;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.UnsearchableAddressException;
import org.contactlookup.client.oauth.TokenStatus;

/**
 * The app's one way to Infusionsoft, as the page and {@code /health} see it: the one holder of
 * the current client. The listener makes it once and hands it to the servlets as the context
 * attribute {@link #ATTRIBUTE}. When no connection is set up it holds none and every lookup says
 * why. Otherwise its {@link ConnectionCheck} and {@link ConnectionReload} share one background
 * thread; when the files give a new connection, a new client takes over at once, and the old one
 * finishes the lookups it has and is closed once the longest of them must have ended.
 * Thread-safe.
 */
final class ContactDirectory implements AutoCloseable {
    static final String ATTRIBUTE = ContactDirectory.class.getName();
    /** The guide's return fields, plus Email, the contact's main address. */
    static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    private static final Logger LOG = Logger.getLogger(ContactDirectory.class.getName());

    /** Why there is no client; null when there is one. */
    private final String notConfigured;
    private final BudgetStore budgets;
    private final ScheduledExecutorService background;
    private final ConnectionCheck check;
    private volatile ContactLookup client;
    private volatile Thread backgroundThread;
    /** Clients replaced by a reload, closed once their lookups must have ended, or at close. */
    private final List<ContactLookup> retiring = new ArrayList<>();

    private ContactDirectory(String notConfigured) {
        this.notConfigured = notConfigured;
        this.budgets = null;
        this.background = null;
        this.check = null;
    }

    private ContactDirectory(ContactLookup client, BudgetStore budgets, Duration recheck) {
        this.notConfigured = null;
        this.client = client;
        this.budgets = budgets;
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contact-lookup-connection-check");
            t.setDaemon(true);
            backgroundThread = t;
            return t;
        });
        this.check = new ConnectionCheck(() -> this.client, background, recheck);
    }

    /** No connection is set up: every lookup says so, with the reason in {@code summary}. */
    static ContactDirectory notConfigured(String summary) {
        return new ContactDirectory(summary);
    }

    /**
     * A directory over {@code client}, whose budget is kept in {@code budgets}: its connection
     * check starts at once, and {@code reader} is asked for the connection every {@code reload}.
     */
    static ContactDirectory start(ContactLookup client, BudgetStore budgets, Duration recheck,
                                  ConnectionReload.Reader reader, String where, Duration reload) {
        ContactDirectory directory = new ContactDirectory(client, budgets, recheck);
        directory.check.restart();
        ConnectionReload reloading = new ConnectionReload(client.connection(), reader, where, directory::replace);
        directory.background.scheduleWithFixedDelay(reloading, reload.toMillis(), reload.toMillis(), TimeUnit.MILLISECONDS);
        return directory;
    }

    /**
     * The contacts with {@code email} in any address field, with {@link #FIELDS}. The future
     * fails with {@link NotConfiguredException} when no connection is set up, and otherwise with
     * the client's {@link InfusionsoftException}s. An address the connection cannot search
     * exactly fails with {@link UnsearchableAddressException}, in words for the page, whether
     * that is known before anything is sent or only once the search is under way: the page
     * reports it one way.
     */
    CompletableFuture<List<Map<String, Object>>> findByEmail(String email) {
        ContactLookup current = client;
        if (current == null) {
            return CompletableFuture.failedFuture(new NotConfiguredException(notConfigured));
        }
        CompletableFuture<List<Map<String, Object>>> lookup;
        try {
            lookup = current.findByEmailAsync(email, FIELDS);
        } catch (IllegalArgumentException unsearchable) {
            // The client refuses, before sending anything, exactly the addresses its problemWith
            // names (FIELDS are valid names), in words for the page.
            return CompletableFuture.failedFuture(new UnsearchableAddressException(unsearchable.getMessage()));
        }
        lookup.whenComplete((found, failure) -> {
            if (failure == null) {
                check.lookupSucceeded();
            } else if (failure instanceof InfusionsoftException e) {
                check.lookupFailed(e);
            }
        });
        return lookup;
    }

    /**
     * The connection check's word, unless an OAuth2 connection's access token has expired and
     * cannot be renewed: then the connection is down now, not at the next lookup or check.
     */
    ConnectionStatus status() {
        ContactLookup current = client;
        if (current == null) {
            return new ConnectionStatus(ConnectionStatus.State.NOT_CONFIGURED, notConfigured);
        }
        ConnectionStatus checked = check.status();
        Optional<TokenStatus> tokens = current.tokens();
        if (checked.connected() && tokens.isPresent() && tokens.get().problem() != null
                && tokens.get().accessTokenExpiresAt() != null && !Instant.now().isBefore(tokens.get().accessTokenExpiresAt())) {
            return new ConnectionStatus(ConnectionStatus.State.FAILED, "connection failed: " + FailurePage.reason(tokens.get().problem()));
        }
        return checked;
    }

    /** The longest a lookup can take before the client gives up: its permit wait plus its deadline. */
    Duration longestLookup() {
        return client().map(ContactDirectory::longestLookup).orElse(Duration.ZERO);
    }

    /** The connection's name, for log lines. */
    String connectionName() {
        return client().map(c -> c.connection().name()).orElse("(none)");
    }

    /** The protocol in use; empty when no connection is set up. */
    Optional<Protocol> protocol() {
        return client().map(c -> c.connection().protocol());
    }

    /** The budget the lookups spend and what is left of it; empty when no connection is set up. */
    Optional<BudgetState> budget() {
        return client().map(ContactLookup::budget);
    }

    /** Where an OAuth2 connection's own tokens stand; empty for any other connection, or none. */
    Optional<TokenStatus> tokens() {
        return client().flatMap(ContactLookup::tokens);
    }

    /**
     * The connection's long-lived secret (its key, or an OAuth2 application's client secret), for
     * keys derived from it (CSRF signing); empty when no connection is set up.
     */
    Optional<Secret> key() {
        return client().map(c -> c.connection().key());
    }

    /** Quotas for each visitor, kept where this connection's budget is kept (this JVM's memory when none is set up). */
    VisitorBudget visitors(List<RateLimit> quotas) {
        return (budgets != null ? budgets : BudgetStore.inMemory(1)).visitors(quotas);
    }

    private Optional<ContactLookup> client() {
        return Optional.ofNullable(client);
    }

    private static Duration longestLookup(ContactLookup client) {
        CallPolicy policy = client.connection().policy();
        return policy.permitWait().plus(policy.deadline());
    }

    /** Runs on the background thread, after the files changed. */
    private void replace(Connection connection) {
        ContactLookup fresh;
        try {
            fresh = ContactLookup.create(connection, budgets);
        } catch (IllegalArgumentException e) {
            LOG.severe("connection '" + connection.name() + "' kept as it was: the new settings cannot be used: " + e.getMessage());
            return;
        }
        ContactLookup old = client;
        client = fresh;
        check.restart();
        synchronized (retiring) {
            retiring.add(old);
        }
        try {
            background.schedule(() -> retire(old), longestLookup(old).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            retire(old);
        }
    }

    private void retire(ContactLookup old) {
        synchronized (retiring) {
            retiring.remove(old);
        }
        old.close();
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        background.shutdownNow();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
            // The pool reports termination just before its thread dies; Tomcat looks for
            // leftover threads right after the listener returns, so wait for the thread itself.
            Thread thread = backgroundThread;
            if (thread != null) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (retiring) {
            retiring.forEach(ContactLookup::close);
            retiring.clear();
        }
        client.close();
        budgets.close();
    }
}
