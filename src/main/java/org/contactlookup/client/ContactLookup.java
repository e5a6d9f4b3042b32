package org.contactlookup.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.oauth.TokenStatus;
import org.contactlookup.client.protocol.rest.RestContactApi;
import org.contactlookup.client.transport.Futures;

/**
 * The lookup the guide's page needs, over either of Keap's APIs. Both implementations speak the
 * guide's field names ({@code Id}, {@code FirstName}, {@code LastName}, {@code Email}, ...), apply
 * the connection's {@link CallPolicy}, and throw the same {@link InfusionsoftException}s; which one
 * runs is the connection's {@link Protocol}, nothing else. Thread-safe; build one per connection.
 */
public interface ContactLookup extends AutoCloseable {
    /** The XML-RPC client or the REST v2 client, as {@code connection.protocol()} says, its budget in this JVM's memory. */
    static ContactLookup create(Connection connection) {
        return create(connection, BudgetStore.inMemory(1));
    }

    /** The XML-RPC client or the REST v2 client, as {@code connection.protocol()} says, its budget kept in {@code budgets}. */
    static ContactLookup create(Connection connection, BudgetStore budgets) {
        return connection.protocol() == Protocol.REST ? new ProtocolClient<>(connection, budgets, RestContactApi::new)
                : InfusionsoftClient.create(connection, budgets);
    }

    Connection connection();

    /**
     * Why {@code email} cannot be looked up over this connection, in words fit for a page next to
     * the field; empty when it can. {@link #findByEmailAsync} refuses exactly these addresses,
     * with {@link IllegalArgumentException}, before anything is sent.
     */
    Optional<String> problemWith(String email);

    /** Which budget the client spends, and what is left of it; may ask Redis, within its timeout. */
    BudgetState budget();

    /**
     * For an OAuth2 connection that refreshes its own tokens: where they are kept, until when the
     * access token is valid and how the last refresh went; empty for any other connection.
     */
    default Optional<TokenStatus> tokens() {
        return Optional.empty();
    }

    /** A cheap authenticated call: returns when the server answered and accepted the key. */
    void checkConnection() throws InfusionsoftException;

    /**
     * The contacts with {@code email} in any of their three address fields, ignoring case: the
     * guide's {@code findByEmail}, which is {@link #findByEmailAsync} waited for on this thread.
     *
     * @throws IllegalArgumentException for an address or field the API cannot take, before any call
     */
    default List<Map<String, Object>> findByEmail(String email, List<String> fields) throws InfusionsoftException {
        return Futures.await(findByEmailAsync(email, fields), "findByEmail");
    }

    /**
     * The same lookup without a waiting thread. The future completes with the contacts or fails
     * with an {@link InfusionsoftException} (itself, not wrapped) within the policy's permit wait
     * plus its deadline;
     * past the policy's cap on lookups in flight it fails at once with a
     * {@link ThrottledException} from {@link ThrottledException.Source#IN_FLIGHT_CAP}.
     *
     * @throws IllegalArgumentException at once, for an address or field the API cannot take
     */
    CompletableFuture<List<Map<String, Object>>> findByEmailAsync(String email, List<String> fields);

    /** Stops the client's threads and drops its connections; it cannot be used afterwards. */
    @Override
    void close();
}
