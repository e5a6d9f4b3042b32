package org.contactlookup.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.EmailCheck;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.oauth.TokenStatus;
import org.contactlookup.client.protocol.ContactApi;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.HttpEngine;

/**
 * The one implementation of {@link ContactLookup}, over either protocol: the lookup goes through
 * the coalescer and the connection's call chain ({@link ClientParts}) to the protocol's
 * {@link ContactApi}, which only builds requests and reads answers.
 */
final class ProtocolClient<A extends ContactApi> implements ContactLookup {
    /** Makes the protocol part over a connection's chain and engine. */
    interface ApiFactory<A extends ContactApi> {
        A make(Connection connection, CallChain calls, HttpEngine engine);
    }

    private final ClientParts parts;
    private final A api;

    ProtocolClient(Connection connection, BudgetStore budgets, ApiFactory<A> protocol) {
        this.parts = new ClientParts(connection, budgets);
        try {
            this.api = protocol.make(connection, parts.calls, parts.engine);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    A api() {
        return api;
    }

    @Override
    public Connection connection() {
        return parts.connection;
    }

    @Override
    public Optional<String> problemWith(String email) {
        return api.problemWith(email);
    }

    @Override
    public BudgetState budget() {
        return parts.budgetState();
    }

    @Override
    public Optional<TokenStatus> tokens() {
        return parts.tokenStatus();
    }

    @Override
    public void checkConnection() throws InfusionsoftException {
        Futures.await(api.checkConnection(), "the connection check");
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> findByEmailAsync(String email, List<String> fields) {
        EmailCheck.require(api.problemWith(email));
        api.checkFields(fields);
        return parts.lookups.find(email, fields, () -> api.findByEmail(email, fields));
    }

    @Override
    public void close() {
        parts.close();
    }

    @Override
    public String toString() {
        Connection connection = parts.connection;
        return connection.protocol() + "[" + connection.name() + " " + connection.authType() + " " + connection.endpoint() + "]";
    }
}
