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
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.errors.TokenRefreshException;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Scheduler;

/**
 * Renews a {@link TokenSource}'s pair, one renewal at a time, in this client and among all sharing
 * the store (its lease). A renewal takes a newer stored pair, or refreshes down its own call chain
 * (never retried: a refresh token works once) and stores the new pair before it is used.
 */
final class Refresher {
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final String REFRESH = "OAuth2 token refresh";
    private static final Duration LEASE_POLL = Duration.ofMillis(100);
    private static final int CLOSE_WAIT_SECONDS = 5;

    private final String name;
    private final TokenStore store;
    private final TokenState state;
    private final StoreSync sync;
    private final RefreshEndpoint endpoint;
    private final CallChain refreshes;
    private final Scheduler scheduler;
    private final Duration leaseTime;
    /** Bumped by every new schedule, so that a refresh scheduled for an older pair lapses. */
    private final AtomicInteger schedule = new AtomicInteger();
    private volatile boolean closed;
    /** The lease while a refresh holds it, so that closing the client gives it back. */
    private volatile TokenStore.Lease held;
    private CompletableFuture<Tokens> renewing;

    Refresher(String name, TokenStore store, TokenState state, StoreSync sync, RefreshEndpoint endpoint, CallChain refreshes,
              Scheduler scheduler, Duration leaseTime) {
        this.name = name;
        this.store = store;
        this.state = state;
        this.sync = sync;
        this.endpoint = endpoint;
        this.refreshes = refreshes;
        this.scheduler = scheduler;
        this.leaseTime = leaseTime;
    }

    /**
     * A usable pair, newer than {@code seen} when {@code force}: the one another client stored,
     * or a refreshed one. Callers at the same time share one renewal; a call ({@code onDemand})
     * shortly after a failed renewal gets that failure instead of another try.
     */
    CompletableFuture<Tokens> renew(Tokens seen, boolean force, boolean onDemand) {
        CompletableFuture<Tokens> renewal;
        synchronized (this) {
            if (renewing != null) {
                return renewing;
            }
            TokenRefreshException problem = state.problem;
            if (onDemand && problem != null && scheduler.nanoTime() < state.quietUntil && seen == state.current) {
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
            renewal.completeExceptionally(new TokenRefreshException(name + " is closed", TokenRefreshException.Reason.STORE, e));
        }
        return renewal;
    }

    private void attempt(Tokens seen, boolean force, CompletableFuture<Tokens> renewal, long giveUpAt) {
        try {
            Tokens newest = RefreshTiming.newest(state.current, sync.loadOrKeep());
            if (newest == null) {
                fail(renewal, null, new TokenRefreshException(name + ": no OAuth2 tokens in " + store.describe()
                        + ": authorize the application first", TokenRefreshException.Reason.NOT_AUTHORIZED, null));
                return;
            }
            boolean someoneRenewed = seen == null || seen.olderThan(newest);
            adopt(newest);
            if (!RefreshTiming.needsRefresh(newest, force && !someoneRenewed && RefreshTiming.oldEnoughToForce(newest, scheduler.now()), scheduler.now())) {
                renewal.complete(newest);
                return;
            }
            if (newest.refreshToken().equals(state.refused)) {
                TokenRefreshException problem = state.problem;
                fail(renewal, null, problem != null ? problem : new TokenRefreshException(name + ": the refresh token in "
                        + store.describe() + " was refused before", TokenRefreshException.Reason.REFUSED, null));
                return;
            }
            Optional<TokenStore.Lease> lease = sync.settling() ? Optional.empty() : store.tryLease(leaseTime);
            if (lease.isEmpty()) {
                waitForLease(seen, force, renewal, giveUpAt); // another holds it, or a node with a newer pair may put it back first
                return;
            }
            refreshHolding(lease.get(), newest, renewal);
        } catch (TokenStoreException e) {
            fail(renewal, null, new TokenRefreshException(name + ": " + e.getMessage(), TokenRefreshException.Reason.STORE, e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, name + ": the OAuth2 token renewal failed unexpectedly", e);
            renewal.completeExceptionally(e);
        }
    }

    /** With the lease: reads the store once more (the holder before may have just stored), then refreshes. */
    private void refreshHolding(TokenStore.Lease lease, Tokens newest, CompletableFuture<Tokens> renewal) {
        boolean handedOn = false;
        try {
            Tokens again = RefreshTiming.newest(newest, sync.loadOrKeep());
            if (newest.olderThan(again) && !RefreshTiming.needsRefresh(again, false, scheduler.now())) {
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
        if (closed) { // no more polling: close() is waiting for this renewal
            renewal.completeExceptionally(new TokenRefreshException(name + ": the client was closed", TokenRefreshException.Reason.STORE, null));
        } else if (scheduler.nanoTime() >= giveUpAt) {
            fail(renewal, null, new TokenRefreshException(name + ": another client held the refresh lease of "
                    + store.describe() + " for " + leaseTime.toSeconds() + " s", TokenRefreshException.Reason.STORE, null));
        } else {
            scheduler.after(LEASE_POLL, () -> attempt(seen, force, renewal, giveUpAt));
        }
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
                        LOG.log(Level.SEVERE, name + ": the OAuth2 token renewal failed unexpectedly", e);
                        renewal.completeExceptionally(e);
                    } finally {
                        held = null;
                        lease.close();
                    }
                });
    }

    /** Stores the new pair before anyone uses it (a store that fails keeps being tried), then uses it. */
    private void keep(Tokens fresh, CompletableFuture<Tokens> renewal) {
        Tokens stored = sync.saveNew(fresh);
        Tokens kept = stored == null ? fresh : stored;
        state.refreshed(fresh, stored != null, scheduler.now());
        adopt(kept);
        LOG.info(() -> name + ": OAuth2 access token refreshed through " + endpoint.where() + ", valid until "
                + kept.expiresAt().truncatedTo(ChronoUnit.SECONDS) + "; tokens kept in " + store.describe());
        renewal.complete(kept);
    }

    private void fail(CompletableFuture<Tokens> renewal, Tokens old, Throwable cause) {
        Duration retry = RefreshTiming.retryDelay(state.current, scheduler.now());
        Throwable failure = state.failed(old, cause, scheduler.now(), scheduler.nanoTime() + retry.toNanos(), retry.toSeconds());
        scheduleAt(scheduler.now().plus(retry));
        renewal.completeExceptionally(failure);
    }

    /** Uses {@code tokens} unless a newer pair is in use already, and schedules the next refresh. */
    void adopt(Tokens tokens) {
        state.takeUp(tokens);
        scheduleAt(state.current.refreshAt());
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
                    renew(state.current, false, false);
                }
            });
        } catch (RejectedExecutionException stopped) {
            // the client is closing
        }
    }

    /**
     * Stops the timers. A renewal under way is waited for (up to {@value #CLOSE_WAIT_SECONDS} s):
     * it may hold the store's lease or be taking it, and a pair Keap has just rotated must be
     * stored, not lost with the client; one waiting for another's lease stops at once. Then the
     * lease is given back and anyone still waiting gets a failure, not a wait without end.
     */
    void close() {
        closed = true;
        schedule.incrementAndGet();
        CompletableFuture<Tokens> pending;
        synchronized (this) {
            pending = renewing;
        }
        if (pending != null) {
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
            pending.completeExceptionally(new TokenRefreshException(name + ": the client was closed",
                    TokenRefreshException.Reason.STORE, null));
        }
    }
}
