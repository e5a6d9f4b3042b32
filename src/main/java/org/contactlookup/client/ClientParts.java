package org.contactlookup.client;

import java.util.Optional;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.chain.CallRunner;
import org.contactlookup.client.chain.Credentials;
import org.contactlookup.client.chain.LookupCoalescer;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.oauth.TokenSource;
import org.contactlookup.client.oauth.TokenStatus;
import org.contactlookup.client.transport.HttpEngine;

/**
 * What a client of either protocol is made of, built in one place for a connection: the HTTP
 * engine, the budget, the runner that makes each call under the policy, the lookups' coalescer,
 * and the credentials (a fixed key, or a token source that refreshes its own OAuth2 tokens).
 */
final class ClientParts implements AutoCloseable {
    final Connection connection;
    final HttpEngine engine;
    final Budget budget;
    final CallRunner runner;
    final LookupCoalescer lookups;
    final Credentials credentials;
    /** The refreshing token source, or null for a connection that does not refresh tokens. */
    private final TokenSource tokens;

    ClientParts(Connection connection, BudgetStore budgets) {
        this.connection = connection;
        this.engine = new HttpEngine(connection);
        this.budget = budgets.budgetFor(connection);
        this.runner = new CallRunner(connection, budget, engine);
        this.lookups = new LookupCoalescer(connection.policy(), engine);
        this.tokens = connection.oauth() == null ? null : TokenSource.start(connection, budgets, runner, engine);
        this.credentials = tokens == null ? Credentials.forKey(connection) : tokens;
    }

    BudgetState budgetState() {
        return new BudgetState(budget.keptIn(), budget.remaining());
    }

    Optional<TokenStatus> tokenStatus() {
        return Optional.ofNullable(tokens).map(TokenSource::status);
    }

    @Override
    public void close() {
        credentials.close();
        engine.close();
    }
}
