package org.contactlookup.client.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an OAuth2 connection's tokens are kept between refreshes and restarts: a file
 * ({@link FileTokenStore}) or, for several nodes, a shared Redis. A store never replaces a pair
 * with an older one, and hands out a lease so that one holder at a time refreshes: a refresh
 * token works once, so two refreshes of the same pair would leave one of them with a dead token.
 * Thread-safe.
 */
public interface TokenStore extends AutoCloseable {
    /** The right to refresh, held until closed or until its time runs out. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The newest pair kept, if any.
     *
     * @throws TokenStoreException when the store cannot be read
     */
    Optional<Tokens> load();

    /**
     * Keeps {@code tokens}, durably, before returning, unless a pair obtained later is kept already.
     *
     * @return the pair kept now: {@code tokens}, or the newer one found
     * @throws TokenStoreException when the store cannot be written
     */
    Tokens save(Tokens tokens);

    /**
     * The lease, if no one else holds it; it lapses after {@code ttl} even when not closed, so a
     * crashed holder does not stop refreshes for good.
     *
     * @throws TokenStoreException when the store cannot be asked
     */
    Optional<Lease> tryLease(Duration ttl);

    /**
     * When the store was last found empty and filled again from this node's own copy (a shared
     * store that lost its data); a holder of a newer pair may not have put it back yet.
     */
    default Optional<Instant> refilledAt() {
        return Optional.empty();
    }

    /** Where the tokens are kept, for log lines and health: never a password. */
    String describe();

    @Override
    default void close() {
    }
}
