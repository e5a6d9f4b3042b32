package org.contactlookup.client.oauth;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.contactlookup.client.transport.Scheduler;

/**
 * Keeps a {@link TokenSource} and its store in step: reads the store every eighth of the access
 * token's lifetime (at least every 60 s, at most every 250 ms), takes up a pair stored by someone
 * else (another node's refresh, an operator's new authorization) and puts this node's newer pair
 * back into a store that holds an older one (a Redis restarted without its data). A new pair the
 * store would not take is tried again every second until it does.
 */
final class StoreSync {
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");

    private final String name;
    private final TokenStore store;
    private final TokenState state;
    private final Scheduler scheduler;
    private final Consumer<Tokens> takeUp;
    private volatile boolean closed;

    /** @param takeUp what is done with a newer pair found in the store */
    StoreSync(String name, TokenStore store, TokenState state, Scheduler scheduler, Consumer<Tokens> takeUp) {
        this.name = name;
        this.store = store;
        this.state = state;
        this.scheduler = scheduler;
        this.takeUp = takeUp;
    }

    /** Reads the pair kept in the store; a store that cannot be read now is read at the first call. */
    void start() {
        try {
            store.load().ifPresent(takeUp);
        } catch (TokenStoreException e) {
            state.storeFailed(e);
        }
        scheduler.after(RefreshTiming.syncInterval(state.current), this::sync);
    }

    void close() {
        closed = true;
    }

    /** Takes up a newer stored pair, or puts this client's newer pair back; then again after the interval. */
    private void sync() {
        if (closed) {
            return;
        }
        try {
            Tokens stored = store.load().orElse(null);
            state.storeWorks();
            Tokens mine = state.current;
            if (stored != null && (mine == null || mine.olderThan(stored))) {
                takeUp.accept(stored);
            } else if (mine != null && (stored == null || stored.olderThan(mine))) {
                store.save(mine);
                if (stored == null) {
                    LOG.info(() -> name + ": " + store.describe() + " held no OAuth2 tokens: the pair in use is written "
                            + "back (to stop using Keap, revoke the application's access at Keap)");
                }
            }
        } catch (RuntimeException e) {
            state.storeFailed(asStoreFailure(e)); // whatever it was, the rounds go on: they retry a pair not yet stored
        }
        try {
            scheduler.after(RefreshTiming.syncInterval(state.current), this::sync);
        } catch (RejectedExecutionException stopped) {
            // the client is closing
        }
    }

    /** The stored pair; when the store cannot be read but a pair is in use, nothing (the one in use goes on). */
    Tokens loadOrKeep() {
        try {
            Tokens stored = store.load().orElse(null);
            state.storeWorks();
            return stored;
        } catch (TokenStoreException e) {
            if (state.current == null) {
                throw e;
            }
            state.storeFailed(e);
            return null;
        }
    }

    /** True for two sync rounds after this node refilled an empty shared store from its own copy. */
    boolean settling() {
        Duration twoRounds = RefreshTiming.syncInterval(state.current).multipliedBy(2);
        return store.refilledAt().map(at -> scheduler.now().isBefore(at.plus(twoRounds))).orElse(false);
    }

    /**
     * Stores a new pair before anyone uses it and returns the pair the store holds now; a store
     * that fails is tried again every second until it takes it, and {@code null} is returned.
     */
    Tokens saveNew(Tokens fresh) {
        try {
            return store.save(fresh);
        } catch (RuntimeException e) {
            // Any failure, not only the expected ones: Keap has retired the old refresh token, so this pair must not be dropped.
            state.unsaved = fresh;
            LOG.severe(name + ": the new OAuth2 tokens could not be stored: " + asStoreFailure(e).getMessage()
                    + "; this node uses them and keeps trying to store them");
            scheduler.after(RefreshTiming.MIN_RETRY, this::storeUnsaved);
            return null;
        }
    }

    private void storeUnsaved() {
        Tokens pending = state.unsaved;
        if (pending == null || closed) {
            return;
        }
        try {
            store.save(pending);
            state.unsaved = null;
            state.storeWorks();
            LOG.info(() -> name + ": the new OAuth2 tokens are now stored in " + store.describe());
        } catch (RuntimeException e) {
            scheduler.after(RefreshTiming.MIN_RETRY, this::storeUnsaved);
        }
    }

    /** A store's own failure as it is; anything else as one, told only by its kind (its message might hold anything). */
    private TokenStoreException asStoreFailure(RuntimeException e) {
        return e instanceof TokenStoreException known ? known
                : new TokenStoreException(store.describe() + " failed unexpectedly: " + e.getClass().getSimpleName(), e);
    }
}
