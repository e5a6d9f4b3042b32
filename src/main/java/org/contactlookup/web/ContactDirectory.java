package org.contactlookup.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.oauth.TokenStatus;

/**
 * The app's one way to Infusionsoft, as the page and {@code /health} see it: a connection that
 * is set up ({@link ConnectedDirectory}), or one that is not and says why
 * ({@link UnconfiguredDirectory}). The listener makes it once and hands it to the servlets as the
 * context attribute {@link #ATTRIBUTE}. Thread-safe.
 */
sealed interface ContactDirectory extends AutoCloseable permits ConnectedDirectory, UnconfiguredDirectory {
    String ATTRIBUTE = ContactDirectory.class.getName();
    /** The guide's return fields, plus Email, the contact's main address. */
    List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");

    ConnectionStatus status();

    /**
     * The contacts with {@code email} in any address field, with {@link #FIELDS}. The future
     * fails with {@link NotConfiguredException} when no connection is set up, and otherwise with
     * the client's {@link InfusionsoftException}s. An address the connection cannot search
     * exactly fails with {@link org.contactlookup.client.errors.UnsearchableAddressException}, in
     * words for the page, whether that is known before anything is sent or only once the search
     * is under way: the page reports it one way.
     */
    CompletableFuture<List<Map<String, Object>>> findByEmail(String email);

    /** The longest a lookup can take before the client gives up: its permit wait plus its deadline. */
    Duration longestLookup();

    /** The connection's name, for log lines. */
    String connectionName();

    /** The protocol in use; empty when no connection is set up. */
    Optional<Protocol> protocol();

    /** The budget the lookups spend and what is left of it; empty when no connection is set up. */
    Optional<BudgetState> budget();

    /** Where an OAuth2 connection's own tokens stand; empty for any other connection, or none. */
    Optional<TokenStatus> tokens();

    /**
     * The connection's long-lived secret (its key, or an OAuth2 application's client secret), for
     * keys derived from it (CSRF signing); empty when no connection is set up.
     */
    Optional<Secret> key();

    @Override
    void close();
}
