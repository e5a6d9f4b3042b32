package org.contactlookup.client.budget;

import java.util.Objects;
import java.util.Optional;

/**
 * Which budget a client spends now, and what is left of its longest quota.
 *
 * @param keptIn       {@code memory}, {@code redis}, or {@code memory (Redis unreachable)} while a
 *                     shared budget has fallen back to this node's share
 * @param longestQuota what is left of the longest quota (the day's, with Keap's limits); empty
 *                     when the limits hold only a credit pool
 */
public record BudgetState(String keptIn, Optional<BudgetRemaining> longestQuota) {
    public BudgetState {
        Objects.requireNonNull(keptIn, "keptIn");
        Objects.requireNonNull(longestQuota, "longestQuota");
    }
}
