package org.contactlookup.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.oauth.TokenStatus;

/** No connection is set up: every lookup says so, with the reason in {@code summary}. */
record UnconfiguredDirectory(String summary) implements ContactDirectory {
    @Override
    public ConnectionStatus status() {
        return new ConnectionStatus(ConnectionStatus.State.NOT_CONFIGURED, summary);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> findByEmail(String email) {
        return CompletableFuture.failedFuture(new NotConfiguredException(summary));
    }

    @Override
    public Duration longestLookup() {
        return Duration.ZERO;
    }

    @Override
    public String connectionName() {
        return "(none)";
    }

    @Override
    public Optional<Protocol> protocol() {
        return Optional.empty();
    }

    @Override
    public Optional<BudgetState> budget() {
        return Optional.empty();
    }

    @Override
    public Optional<TokenStatus> tokens() {
        return Optional.empty();
    }

    @Override
    public Optional<Secret> key() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
