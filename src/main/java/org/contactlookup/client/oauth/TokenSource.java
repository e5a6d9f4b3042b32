package org.contactlookup.client.oauth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.chain.Credentials;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.TokenRefreshException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.HttpEngine;
import org.contactlookup.client.transport.Scheduler;

/**
 * The access token of an OAuth2 connection that refreshes its own: read from its
 * {@link TokenStore}, refreshed on the scheduler's timer once {@link Tokens#refreshAt()} comes (so
 * calls never wait for it), at a call when the token has expired anyway, and once when the
 * server refuses the token with HTTP 401. One refresh at a time: in this client (callers share
 * it), and among every client sharing the store (its lease; whoever does not hold it waits and
 * reads the pair the holder stored). The new pair is stored before it is used. The refresh is a
 * call like any other: it spends a permit of the connection's budget, keeps its deadline, is
 * logged on {@code org.contactlookup.client}, and is never retried by the runner, since a
 * refresh token works once.
 *
 * <p>It also reads the store again every eighth of the access token's lifetime (at least every
 * 60 s, at most every 250 ms): it takes up a pair stored by someone else (another node's
 * refresh, an operator's new authorization) and puts its own pair back into a shared store that
 * holds an older one (a Redis restarted without its data). A node that has just refilled an
 * empty store from its own copy waits two such rounds before it refreshes, so that a node
 * holding a newer pair can put it back first. Thread-safe.
 */
public final class TokenSource implements Credentials {
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final String REFRESH = "OAuth2 token refresh";
    private static final Duration LEASE_POLL = Duration.ofMillis(100);
    private static final int CLOSE_WAIT_SECONDS = 5;

    private final Connection connection;
    private final TokenStore store;
    private final CallChain refreshes;
    private final Scheduler scheduler;
    private final TokenEndpoint endpoint;
    private final Duration leaseTime;
    /** Bumped by every new schedule, so that a refresh scheduled for an older pair lapses. */
    private final AtomicInteger schedule = new AtomicInteger();
    private volatile Tokens current;
    private volatile Instant lastRefresh;
    private volatile TokenRefreshException problem;
    /** Until when a failed renewal is not tried again on demand (System.nanoTime). */
    private volatile long quietUntil;
    /** A refresh token the endpoint refused: never sent again. */
    private volatile Secret refused;
    /** A pair received but not yet stored, because the store failed. */
    private volatile Tokens unsaved;
    private volatile boolean closed;
    /** The lease while a refresh holds it, so that closing the client gives it back. */
    private volatile TokenStore.Lease held;
    /** The last store problem logged, so that it is logged once while it lasts. */
    private volatile String lastStoreProblem;
    private CompletableFuture<Tokens> renewing;

    /**
     * @param refreshes the chain a refresh goes down (a permit, the deadline, a log line; no credentials)
     * @param scheduler the clock and the timers of every refresh and store read
     */
    public TokenSource(Connection connection, TokenStore store, CallChain refreshes, Scheduler scheduler, HttpEngine engine) {
        this.connection = connection;
        this.store = store;
        this.refreshes = refreshes;
        this.scheduler = scheduler;
        this.endpoint = new TokenEndpoint(connection, engine);
        this.leaseTime = connection.policy().permitWait().plus(connection.policy().deadline()).plusSeconds(5);
    }

    /**
     * A started token source for {@code connection}, an OAuth2 connection that refreshes its own
     * tokens, over its token file or, when {@code budgets} keeps them in Redis, the Redis every
     * node shares (the file then holds this node's copy).
     *
     * @throws IllegalArgumentException for a connection that does not refresh its tokens
     */
    public static TokenSource start(Connection connection, BudgetStore budgets, CallChain refreshes, Scheduler scheduler,
                                    HttpEngine engine) {
        OAuthSettings oauth = connection.oauth();
        if (oauth == null) {
            throw new IllegalArgumentException("connection '" + connection.name() + "' does not refresh OAuth2 tokens");
        }
        FileTokenStore file = new FileTokenStore(oauth.tokenFile());
        TokenStore store = budgets.redis().<TokenStore>map(redis -> new RedisTokenStore(redis, oauth.clientId(),
                connection.application(), file)).orElse(file);
        TokenSource tokens = new TokenSource(connection, store, refreshes, scheduler, engine);
        tokens.start();
        return tokens;
    }

    /** Reads the pair kept in the store and schedules its refresh; a store that cannot be read now is read at the first call. */
    public void start() {
        try {
            store.load().ifPresent(this::adopt);
        } catch (TokenStoreException e) {
            storeFailed(e);
        }
        scheduler.after(RefreshTiming.syncInterval(current), this::sync);
    }

    /** Takes up a newer stored pair, or puts this client's newer pair back; then again after the interval. */
    private void sync() {
        if (closed) {
            return;
        }
        try {
            Tokens stored = store.load().orElse(null);
            storeWorks();
            Tokens mine = current;
            if (stored != null && (mine == null || mine.olderThan(stored))) {
                adopt(stored);
            } else if (mine != null && (stored == null || stored.olderThan(mine))) {
                store.save(mine);
                if (stored == null) {
                    LOG.info(() -> connection.name() + ": " + store.describe() + " held no OAuth2 tokens: the pair in use is written "
                            + "back (to stop using Keap, revoke the application's access at Keap)");
                }
            }
        } catch (TokenStoreException e) {
            storeFailed(e);
        }
        try {
            scheduler.after(RefreshTiming.syncInterval(current), this::sync);
        } catch (RejectedExecutionException stopped) {
            // the client is closing
        }
    }

    /**
     * The store failed: said once, and in {@code /health} unless a worse problem is known. The
     * pair in use stays in use, and the next refresh writes the store whole again.
     */
    private void storeFailed(TokenStoreException e) {
        TokenRefreshException found = new TokenRefreshException(connection.name() + ": " + e.getMessage(), TokenRefreshException.Reason.STORE, e);
        TokenRefreshException known = problem;
        if (known == null || known.reason() == TokenRefreshException.Reason.STORE) {
            problem = found;
        }
        if (found.getMessage().equals(lastStoreProblem)) {
            return;
        }
        lastStoreProblem = found.getMessage();
        Tokens tokens = current;
        LOG.warning(found.getMessage() + (tokens == null ? "" : "; the access token in use stays valid until "
                + tokens.expiresAt().truncatedTo(ChronoUnit.SECONDS) + " and the next refresh writes the tokens again"));
    }

    private void storeWorks() {
        lastStoreProblem = null;
        TokenRefreshException known = problem;
        if (known != null && known.reason() == TokenRefreshException.Reason.STORE) {
            problem = null;
            LOG.info(() -> connection.name() + ": " + store.describe() + " can be used again");
        }
    }

    /** True for two sync rounds after this node refilled an empty shared store from its own copy. */
    private boolean settling() {
        Duration twoRounds = RefreshTiming.syncInterval(current).multipliedBy(2);
        return store.refilledAt().map(at -> scheduler.now().isBefore(at.plus(twoRounds))).orElse(false);
    }

    @Override
    public CompletableFuture<Header> header() {
        Tokens tokens = current;
        if (tokens != null && !tokens.expired(scheduler.now())) {
            return CompletableFuture.completedFuture(bearer(tokens));
        }
        return renew(tokens, false, true).thenApply(TokenSource::bearer);
    }

    @Override
    public Optional<CompletableFuture<Header>> afterRefusal(Header used) {
        Tokens tokens = current;
        if (tokens != null && !bearer(tokens).equals(used)) {
            return Optional.of(CompletableFuture.completedFuture(bearer(tokens))); // refreshed meanwhile
        }
        return Optional.of(renew(tokens, true, true).thenApply(TokenSource::bearer));
    }

    /** Where the tokens are kept, until when the one in use is valid, and how the last refresh went. */
    public TokenStatus status() {
        Tokens tokens = current;
        return new TokenStatus(store.describe(), tokens == null ? null : tokens.expiresAt(), lastRefresh, problem);
    }

    /**
     * Stops the timers. A refresh under way is waited for (up to {@value #CLOSE_WAIT_SECONDS} s),
     * so that a pair Keap has just rotated is stored rather than lost with the client; then the
     * lease is given back and anyone still waiting gets a failure, not a wait without end.
     */
    @Override
    public void close() {
        closed = true;
        schedule.incrementAndGet();
        CompletableFuture<Tokens> pending;
        synchronized (this) {
            pending = renewing;
        }
        if (pending != null && held != null) {
            try {
                pending.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // it failed or is still going: the lease is given back below either way
            }
        }
        TokenStore.Lease lease = held;
        if (lease != null) {
            lease.close();
        }
        if (pending != null) {
            pending.completeExceptionally(new TokenRefreshException(connection.name() + ": the client was closed",
                    TokenRefreshException.Reason.STORE, null));
        }
        store.close();
    }

    private static Header bearer(Tokens tokens) {
        return new Header("Authorization", "Bearer " + tokens.accessToken().reveal());
    }

    /**
     * A usable pair, newer than {@code seen} when {@code force}: the one another client stored,
     * or a refreshed one. Callers at the same time share one renewal; a call ({@code onDemand})
     * shortly after a failed renewal gets that failure instead of another try.
     */
    private CompletableFuture<Tokens> renew(Tokens seen, boolean force, boolean onDemand) {
        CompletableFuture<Tokens> renewal;
        synchronized (this) {
            if (renewing != null) {
                return renewing;
            }
            if (onDemand && problem != null && scheduler.nanoTime() < quietUntil && seen == current) {
                // Failed a moment ago: not again per call, not even per refused call, or the public could drive refreshes.
                return CompletableFuture.failedFuture(problem);
            }
            renewal = new CompletableFuture<>();
            renewing = renewal;
        }
        renewal.whenComplete((tokens, failure) -> {
            synchronized (this) {
                renewing = null;
            }
        });
        long giveUpAt = scheduler.nanoTime() + leaseTime.toNanos();
        try {
            scheduler.execute(() -> attempt(seen, force, renewal, giveUpAt));
        } catch (RejectedExecutionException e) {
            renewal.completeExceptionally(new TokenRefreshException(connection.name() + " is closed", TokenRefreshException.Reason.STORE, e));
        }
        return renewal;
    }

    private void attempt(Tokens seen, boolean force, CompletableFuture<Tokens> renewal, long giveUpAt) {
        try {
            Tokens newest = RefreshTiming.newest(current, loadOrKeep());
            if (newest == null) {
                fail(renewal, null, new TokenRefreshException(connection.name() + ": no OAuth2 tokens in " + store.describe()
                        + ": authorize the application first", TokenRefreshException.Reason.NOT_AUTHORIZED, null));
                return;
            }
            boolean someoneRenewed = seen == null || seen.olderThan(newest);
            adopt(newest);
            if (!RefreshTiming.needsRefresh(newest, force && !someoneRenewed && RefreshTiming.oldEnoughToForce(newest))) {
                renewal.complete(newest);
                return;
            }
            if (newest.refreshToken().equals(refused)) {
                fail(renewal, null, problem != null ? problem : new TokenRefreshException(connection.name()
                        + ": the refresh token in " + store.describe() + " was refused before", TokenRefreshException.Reason.REFUSED, null));
                return;
            }
            if (settling()) {
                waitForLease(seen, force, renewal, giveUpAt); // a node with a newer pair may put it back first
                return;
            }
            Optional<TokenStore.Lease> lease = store.tryLease(leaseTime);
            if (lease.isEmpty()) {
                waitForLease(seen, force, renewal, giveUpAt);
                return;
            }
            refreshHolding(lease.get(), newest, renewal);
        } catch (TokenStoreException e) {
            fail(renewal, null, new TokenRefreshException(connection.name() + ": " + e.getMessage(), TokenRefreshException.Reason.STORE, e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, connection.name() + ": the OAuth2 token renewal failed unexpectedly", e);
            renewal.completeExceptionally(e);
        }
    }

    /** The stored pair; when the store cannot be read but a pair is in use, nothing (the one in use goes on). */
    private Tokens loadOrKeep() {
        try {
            Tokens stored = store.load().orElse(null);
            storeWorks();
            return stored;
        } catch (TokenStoreException e) {
            if (current == null) {
                throw e;
            }
            storeFailed(e);
            return null;
        }
    }

    /** With the lease: reads the store once more (the holder before may have just stored), then refreshes. */
    private void refreshHolding(TokenStore.Lease lease, Tokens newest, CompletableFuture<Tokens> renewal) {
        boolean handedOn = false;
        try {
            Tokens again = RefreshTiming.newest(newest, loadOrKeep());
            if (newest.olderThan(again) && !RefreshTiming.needsRefresh(again, false)) {
                adopt(again);
                renewal.complete(again);
                return;
            }
            held = lease;
            refresh(again, lease, renewal);
            handedOn = true;
        } finally {
            if (!handedOn) {
                held = null;
                lease.close();
            }
        }
    }

    /** Another client is refreshing: look again shortly, for its new pair or the free lease. */
    private void waitForLease(Tokens seen, boolean force, CompletableFuture<Tokens> renewal, long giveUpAt) {
        if (scheduler.nanoTime() >= giveUpAt) {
            fail(renewal, null, new TokenRefreshException(connection.name() + ": another client held the refresh lease of "
                    + store.describe() + " for " + leaseTime.toSeconds() + " s", TokenRefreshException.Reason.STORE, null));
            return;
        }
        scheduler.after(LEASE_POLL, () -> attempt(seen, force, renewal, giveUpAt));
    }

    private void refresh(Tokens old, TokenStore.Lease lease, CompletableFuture<Tokens> renewal) {
        refreshes.run(REFRESH, false, () -> "", (header, limit) -> endpoint.refresh(old.refreshToken(), limit))
                .whenComplete((fresh, failure) -> {
                    try {
                        if (failure == null) {
                            keep(fresh, renewal);
                        } else {
                            fail(renewal, old, Failures.unwrap(failure));
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, connection.name() + ": the OAuth2 token renewal failed unexpectedly", e);
                        renewal.completeExceptionally(e);
                    } finally {
                        held = null;
                        lease.close();
                    }
                });
    }

    /** Stores the new pair before anyone uses it; a store that fails is tried again until it takes it. */
    private void keep(Tokens fresh, CompletableFuture<Tokens> renewal) {
        Tokens kept = fresh;
        try {
            kept = store.save(fresh);
            unsaved = null;
        } catch (TokenStoreException e) {
            unsaved = fresh;
            LOG.severe(connection.name() + ": the new OAuth2 tokens could not be stored: " + e.getMessage()
                    + "; this node uses them and keeps trying to store them");
            scheduler.after(RefreshTiming.MIN_RETRY, this::storeUnsaved);
        }
        lastRefresh = scheduler.now();
        problem = unsaved == null ? null : new TokenRefreshException(connection.name() + ": the new OAuth2 tokens are not stored yet",
                TokenRefreshException.Reason.STORE, null);
        refused = null;
        adopt(kept);
        Tokens used = kept;
        LOG.info(() -> connection.name() + ": OAuth2 access token refreshed through " + endpoint.where() + ", valid until "
                + used.expiresAt().truncatedTo(ChronoUnit.SECONDS) + "; tokens kept in " + store.describe());
        renewal.complete(kept);
    }

    private void storeUnsaved() {
        Tokens pending = unsaved;
        if (pending == null || closed) {
            return;
        }
        try {
            store.save(pending);
            unsaved = null;
            storeWorks();
            LOG.info(() -> connection.name() + ": the new OAuth2 tokens are now stored in " + store.describe());
        } catch (TokenStoreException e) {
            scheduler.after(RefreshTiming.MIN_RETRY, this::storeUnsaved);
        }
    }

    private void fail(CompletableFuture<Tokens> renewal, Tokens old, Throwable cause) {
        // Our own budget or deadline refusing the refresh is a refresh problem too: said, shown, not retried per call.
        Throwable failure = cause instanceof InfusionsoftException other && !(cause instanceof TokenRefreshException)
                ? new TokenRefreshException(connection.name() + ": the refresh was not sent: " + other.getMessage(),
                        TokenRefreshException.Reason.UNREACHABLE, other)
                : cause;
        if (failure instanceof TokenRefreshException e) {
            // The same problem again (a retry, a call that found it) is said once, not at every retry.
            boolean repeated = problem != null && problem.getMessage().equals(e.getMessage());
            problem = e;
            if (e.reason() == TokenRefreshException.Reason.REFUSED && old != null) {
                refused = old.refreshToken();
            }
            Tokens tokens = current;
            String until = tokens == null ? "" : tokens.expired(scheduler.now()) ? "; the access token has expired"
                    : "; the access token stays valid until " + tokens.expiresAt().truncatedTo(ChronoUnit.SECONDS);
            if (repeated) {
                LOG.fine(() -> connection.name() + ": the OAuth2 token still cannot be refreshed: " + e.getMessage());
            } else if (e.reason() == TokenRefreshException.Reason.REFUSED) {
                LOG.severe(connection.name() + ": the OAuth2 refresh token was refused: " + e.getMessage() + until
                        + ". Lookups stop when the access token expires: authorize the application again (README, \"OAuth2\")");
            } else if (e.reason() == TokenRefreshException.Reason.NOT_AUTHORIZED) {
                LOG.severe(e.getMessage() + ": run the authorize command (README, \"OAuth2\")");
            } else {
                LOG.warning(connection.name() + ": the OAuth2 token could not be refreshed: " + e.getMessage() + until
                        + "; trying again in " + RefreshTiming.retryDelay(current).toSeconds() + " s");
            }
        }
        if (failure instanceof TokenRefreshException) {
            quietUntil = scheduler.nanoTime() + RefreshTiming.retryDelay(current).toNanos();
        }
        scheduleAt(scheduler.now().plus(RefreshTiming.retryDelay(current)));
        renewal.completeExceptionally(failure instanceof InfusionsoftException || failure instanceof RuntimeException
                ? failure : new IllegalStateException(failure));
    }

    /**
     * Uses {@code tokens} unless a newer pair is in use already, and schedules the next refresh. A
     * newer pair from the store (another node's refresh, a new authorization) ends a problem.
     */
    private void adopt(Tokens tokens) {
        boolean newer;
        synchronized (this) {
            newer = current == null || current.olderThan(tokens);
            if (newer) {
                current = tokens;
            }
        }
        TokenRefreshException known = problem;
        if (newer && known != null && known.reason() != TokenRefreshException.Reason.STORE) {
            problem = null;
            refused = null;
            LOG.info(() -> connection.name() + ": took up the OAuth2 tokens found in " + store.describe()
                    + " (another node's refresh, or a new authorization); the earlier problem is over");
        }
        scheduleAt(current.refreshAt());
    }

    private void scheduleAt(Instant when) {
        int mine = schedule.incrementAndGet();
        if (closed) {
            return;
        }
        Duration delay = Duration.between(scheduler.now(), when);
        try {
            scheduler.after(delay.isNegative() || delay.isZero() ? Duration.ofMillis(1) : delay, () -> {
                if (mine == schedule.get() && !closed) {
                    renew(current, false, false);
                }
            });
        } catch (RejectedExecutionException stopped) {
            // the client is closing
        }
    }
}
