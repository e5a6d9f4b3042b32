package org.contactlookup.client.oauth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.TokenRefreshException;

/**
 * Everything a {@link TokenSource} knows, in one place: the pair in use, when it was last
 * refreshed, what went wrong last (said once while it lasts), a refresh token that was refused,
 * and a new pair not yet stored. The other parts read and change it only through here.
 */
final class TokenState {
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");

    private final String name;
    private final String keptIn;
    volatile Tokens current;
    volatile Instant lastRefresh;
    volatile TokenRefreshException problem;
    /** Until when a failed renewal is not tried again on demand (the scheduler's nanoTime). */
    volatile long quietUntil;
    /** A refresh token the endpoint refused: never sent again. */
    volatile Secret refused;
    /** A pair received but not yet stored, because the store failed. */
    volatile Tokens unsaved;
    /** The last store problem logged, so that it is logged once while it lasts. */
    private volatile String lastStoreProblem;

    /** @param keptIn the store, as log lines and {@code /health} name it */
    TokenState(String name, String keptIn) {
        this.name = name;
        this.keptIn = keptIn;
    }

    TokenStatus status() {
        Tokens tokens = current;
        return new TokenStatus(keptIn, tokens == null ? null : tokens.expiresAt(), lastRefresh, problem);
    }

    /**
     * Uses {@code tokens} unless a newer pair is in use already; a newer pair from the store
     * (another node's refresh, a new authorization) ends a problem other than the store's.
     */
    void takeUp(Tokens tokens) {
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
            LOG.info(() -> name + ": took up the OAuth2 tokens found in " + keptIn
                    + " (another node's refresh, or a new authorization); the earlier problem is over");
        }
    }

    /**
     * The store failed: said once, and in {@code /health} unless a worse problem is known. The
     * pair in use stays in use, and the next refresh writes the store whole again.
     */
    void storeFailed(TokenStoreException e) {
        TokenRefreshException found = new TokenRefreshException(name + ": " + e.getMessage(), TokenRefreshException.Reason.STORE, e);
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

    void storeWorks() {
        lastStoreProblem = null;
        TokenRefreshException known = problem;
        if (known != null && known.reason() == TokenRefreshException.Reason.STORE) {
            problem = null;
            LOG.info(() -> name + ": " + keptIn + " can be used again");
        }
    }

    /** A refreshed pair arrived at {@code now}; {@code stored} says whether the store took it. */
    void refreshed(Tokens fresh, boolean stored, Instant now) {
        unsaved = stored ? null : fresh;
        lastRefresh = now;
        problem = stored ? null : new TokenRefreshException(name + ": the new OAuth2 tokens are not stored yet",
                TokenRefreshException.Reason.STORE, null);
        refused = null;
    }

    /**
     * A renewal failed with {@code cause}: records it (a refused refresh token is never sent
     * again), says it once, keeps calls from retrying it until {@code quietUntilNanos}, and
     * returns what the renewal fails with.
     */
    Throwable failed(Tokens old, Throwable cause, Instant now, long quietUntilNanos, long retrySeconds) {
        // Our own budget or deadline refusing the refresh is a refresh problem too: said, shown, not retried per call.
        Throwable failure = cause instanceof InfusionsoftException other && !(cause instanceof TokenRefreshException)
                ? new TokenRefreshException(name + ": the refresh was not sent: " + other.getMessage(),
                        TokenRefreshException.Reason.UNREACHABLE, other)
                : cause;
        if (failure instanceof TokenRefreshException e) {
            // The same problem again (a retry, a call that found it) is said once, not at every retry.
            boolean repeated = problem != null && problem.getMessage().equals(e.getMessage());
            problem = e;
            if (e.reason() == TokenRefreshException.Reason.REFUSED && old != null) {
                refused = old.refreshToken();
            }
            say(e, repeated, now, retrySeconds);
            quietUntil = quietUntilNanos;
        }
        return failure instanceof InfusionsoftException || failure instanceof RuntimeException ? failure : new IllegalStateException(failure);
    }

    private void say(TokenRefreshException e, boolean repeated, Instant now, long retrySeconds) {
        Tokens tokens = current;
        String until = tokens == null ? "" : tokens.expired(now) ? "; the access token has expired"
                : "; the access token stays valid until " + tokens.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        if (repeated) {
            LOG.fine(() -> name + ": the OAuth2 token still cannot be refreshed: " + e.getMessage());
        } else if (e.reason() == TokenRefreshException.Reason.REFUSED) {
            String stop = tokens != null && tokens.expired(now) ? ", so lookups have stopped" : ". Lookups stop then";
            LOG.severe(name + ": the OAuth2 refresh token was refused: " + e.getMessage() + until + stop
                    + ": authorize the application again (README, \"OAuth2\")");
        } else if (e.reason() == TokenRefreshException.Reason.NOT_AUTHORIZED) {
            LOG.severe(e.getMessage() + ": run the authorize command (README, \"OAuth2\")");
        } else {
            LOG.warning(name + ": the OAuth2 token could not be refreshed: " + e.getMessage() + until
                    + "; trying again in " + retrySeconds + " s");
        }
    }
}
