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
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.UnsearchableAddressException;
import org.contactlookup.client.oauth.TokenStatus;

/**
 * A connection that is set up: the shared client, its {@link ConnectionCheck}, and its
 * {@link ConnectionReload}, both on one background thread. When the files give a new connection,
 * a new client takes over at once; the old one finishes the lookups it has and is closed once
 * the longest of them must have ended.
 */
final class ConnectedDirectory implements ContactDirectory {
    private static final Logger LOG = Logger.getLogger(ContactDirectory.class.getName());

    private final BudgetStore budgets;
    private final ScheduledExecutorService background;
    private final ConnectionCheck check;
    private volatile ContactLookup client;
    private volatile Thread backgroundThread;
    /** Clients replaced by a reload, closed once their lookups must have ended, or at close. */
    private final List<ContactLookup> retiring = new ArrayList<>();

    private ConnectedDirectory(ContactLookup client, BudgetStore budgets, Duration recheck) {
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

    /**
     * A directory over {@code client}, whose budget is kept in {@code budgets}: its connection
     * check starts at once, and {@code reader} is asked for the connection every {@code reload}.
     */
    static ConnectedDirectory start(ContactLookup client, BudgetStore budgets, Duration recheck,
                                    ConnectionReload.Reader reader, String where, Duration reload) {
        ConnectedDirectory directory = new ConnectedDirectory(client, budgets, recheck);
        directory.check.restart();
        ConnectionReload reloading = new ConnectionReload(client.connection(), reader, where, directory::replace);
        directory.background.scheduleWithFixedDelay(reloading, reload.toMillis(), reload.toMillis(), TimeUnit.MILLISECONDS);
        return directory;
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

    /**
     * The connection check's word, unless an OAuth2 connection's access token has expired and
     * cannot be renewed: then the connection is down now, not at the next lookup or check.
     */
    @Override
    public ConnectionStatus status() {
        ConnectionStatus checked = check.status();
        Optional<TokenStatus> tokens = client.tokens();
        if (checked.connected() && tokens.isPresent() && tokens.get().problem() != null
                && tokens.get().accessTokenExpiresAt() != null && !Instant.now().isBefore(tokens.get().accessTokenExpiresAt())) {
            return new ConnectionStatus(ConnectionStatus.State.FAILED, "connection failed: " + FailurePage.reason(tokens.get().problem()));
        }
        return checked;
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> findByEmail(String email) {
        CompletableFuture<List<Map<String, Object>>> lookup;
        try {
            lookup = client.findByEmailAsync(email, FIELDS);
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

    @Override
    public Duration longestLookup() {
        return longestLookup(client);
    }

    private static Duration longestLookup(ContactLookup client) {
        CallPolicy policy = client.connection().policy();
        return policy.permitWait().plus(policy.deadline());
    }

    @Override
    public String connectionName() {
        return client.connection().name();
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.of(client.connection().protocol());
    }

    @Override
    public Optional<BudgetState> budget() {
        return Optional.of(client.budget());
    }

    @Override
    public Optional<TokenStatus> tokens() {
        return client.tokens();
    }

    @Override
    public Optional<Secret> key() {
        return Optional.of(client.connection().key());
    }

    @Override
    public void close() {
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
