package org.contactlookup.client.oauth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.chain.Credentials;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.OAuthSettings;
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
 * logged on {@code org.contactlookup.client}, and is never retried by the chain, since a
 * refresh token works once.
 *
 * <p>It also reads the store again every eighth of the access token's lifetime (at least every
 * 60 s, at most every 250 ms): it takes up a pair stored by someone else (another node's
 * refresh, an operator's new authorization) and puts its own pair back into a shared store that
 * holds an older one (a Redis restarted without its data). A node that has just refilled an
 * empty store from its own copy waits two such rounds before it refreshes, so that a node
 * holding a newer pair can put it back first. Thread-safe.
 *
 * <p>The parts: {@link TokenState} (what is known), {@link StoreSync} (the store read on a timer),
 * {@link Refresher} (one renewal at a time, under the store's lease); this class is what a call
 * asks for.
 */
public final class TokenSource implements Credentials {
    private final TokenStore store;
    private final TokenState state;
    private final StoreSync sync;
    private final Refresher refresher;
    private final Scheduler scheduler;

    /**
     * @param refreshes the chain a refresh goes down (a permit, the deadline, a log line; no credentials)
     * @param scheduler the clock and the timers of every refresh and store read
     */
    public TokenSource(Connection connection, TokenStore store, CallChain refreshes, Scheduler scheduler, HttpEngine engine) {
        this(connection.name(), connection.policy().permitWait().plus(connection.policy().deadline()).plusSeconds(5), store,
                new TokenEndpoint(connection, engine), refreshes, scheduler);
    }

    /** @param leaseTime how long a refresh may hold the store's lease: the longest a refresh can take, and then some */
    TokenSource(String name, Duration leaseTime, TokenStore store, RefreshEndpoint endpoint, CallChain refreshes, Scheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
        this.state = new TokenState(name, store.describe());
        this.sync = new StoreSync(name, store, state, scheduler, this::takeUp);
        this.refresher = new Refresher(name, store, state, sync, endpoint, refreshes, scheduler, leaseTime);
    }

    /** A newer pair the store sync found: used, and its refresh scheduled. */
    private void takeUp(Tokens tokens) {
        refresher.adopt(tokens);
    }

    /**
     * A started token source for {@code connection}, an OAuth2 connection that refreshes its own
     * tokens, over its token file or, when {@code budgets} keeps them in Redis, the Redis every
     * node shares (the file then holds this node's copy).
     *
     * @throws IllegalArgumentException for a connection that does not refresh its tokens, or whose token file,
     *                                  without Redis, cannot be made owner-only
     */
    public static TokenSource start(Connection connection, BudgetStore budgets, CallChain refreshes, Scheduler scheduler,
                                    HttpEngine engine) {
        OAuthSettings oauth = connection.oauth();
        if (oauth == null) {
            throw new IllegalArgumentException("connection '" + connection.name() + "' does not refresh OAuth2 tokens");
        }
        FileTokenStore file = new FileTokenStore(oauth.tokenFile());
        if (budgets.redis().isEmpty()) {
            try {
                file.checkOwnerOnly(); // refused now, not after Keap has retired the refresh token the first refresh spends
            } catch (TokenStoreException e) {
                throw new IllegalArgumentException("connection '" + connection.name() + "' cannot keep its OAuth2 tokens: " + e.getMessage(), e);
            }
        }
        TokenStore store = budgets.redis().<TokenStore>map(redis -> new RedisTokenStore(redis, oauth.clientId(),
                connection.key(), connection.application(), file)).orElse(file);
        TokenSource tokens = new TokenSource(connection, store, refreshes, scheduler, engine);
        tokens.start();
        return tokens;
    }

    /** Reads the pair kept in the store, schedules its refresh, and starts reading the store again on a timer. */
    public void start() {
        sync.start();
    }

    @Override
    public CompletableFuture<Header> header() {
        Tokens tokens = state.current;
        if (tokens != null && !tokens.expired(scheduler.now())) {
            return CompletableFuture.completedFuture(bearer(tokens));
        }
        return refresher.renew(tokens, false, true).thenApply(TokenSource::bearer);
    }

    @Override
    public Optional<CompletableFuture<Header>> afterRefusal(Header used) {
        Tokens tokens = state.current;
        if (tokens != null && !bearer(tokens).equals(used)) {
            return Optional.of(CompletableFuture.completedFuture(bearer(tokens))); // refreshed meanwhile
        }
        return Optional.of(refresher.renew(tokens, true, true).thenApply(TokenSource::bearer));
    }

    /** Where the tokens are kept, until when the one in use is valid, and how the last refresh went. */
    public TokenStatus status() {
        return state.status();
    }

    /** Stops the timers, lets a refresh under way store its pair (up to 5 s), and closes the store. */
    @Override
    public void close() {
        sync.close();
        try {
            refresher.close();
        } finally {
            store.close();
        }
    }

    private static Header bearer(Tokens tokens) {
        return new Header("Authorization", "Bearer " + tokens.accessToken().reveal());
    }
}
