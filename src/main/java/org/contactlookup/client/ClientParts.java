package org.contactlookup.client;

import java.util.Optional;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.budget.KeapCounts;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.chain.Credentials;
import org.contactlookup.client.chain.LookupCoalescer;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.oauth.TokenSource;
import org.contactlookup.client.oauth.TokenStatus;
import org.contactlookup.client.transport.HttpEngine;
import org.contactlookup.client.transport.Timer;

/**
 * What a client of either protocol is made of, put together in one place for a connection: its
 * timer (the clock, the waits, the threads), the HTTP engine, the budget, the credentials (a
 * fixed key, or a token source that refreshes its own OAuth2 tokens), the chain every call goes
 * down, and the lookups' coalescer in front of it.
 */
final class ClientParts implements AutoCloseable {
    final Connection connection;
    private final Timer timer;
    final HttpEngine engine;
    final CallChain calls;
    final LookupCoalescer lookups;
    private final Budget budget;
    /** The refreshing token source, or null for a connection that does not refresh tokens. */
    private final TokenSource tokens;

    ClientParts(Connection connection, BudgetStore budgets) {
        this.connection = connection;
        this.timer = new Timer(connection.name());
        try {
            this.budget = budgets.budgetFor(connection);
            // Keap says on its answers what the account has left; the budget believes no more.
            this.engine = new HttpEngine(connection, timer,
                    headers -> KeapCounts.read(name -> headers.firstValue(name), timer.now()).ifPresent(budget::heard));
            // A refresh is a call like any other (a permit, the deadline, a log line), sent with the
            // client's id and secret, not with the token it renews.
            this.tokens = connection.oauth() == null ? null : TokenSource.start(connection, budgets,
                    CallChain.assemble(connection, budget, Credentials.NONE, timer), timer, engine);
        } catch (RuntimeException e) {
            timer.close(); // no client: no threads left behind
            throw e;
        }
        Credentials credentials = tokens == null ? Credentials.forKey(connection) : tokens;
        this.calls = CallChain.assemble(connection, budget, credentials, timer);
        this.lookups = new LookupCoalescer(connection.policy(), timer);
    }

    BudgetState budgetState() {
        return new BudgetState(budget.keptIn(), budget.remaining(), budget.keapSaid());
    }

    Optional<TokenStatus> tokenStatus() {
        return Optional.ofNullable(tokens).map(TokenSource::status);
    }

    @Override
    public void close() {
        try {
            if (tokens != null) {
                tokens.close();
            }
        } finally {
            timer.close();
        }
    }
}
