package org.contactlookup.client.budget;

import java.util.Objects;
import java.util.Optional;

/**
 * Which budget a client spends now, what is left of its longest quota by our count, and what
 * Keap last said is left.
 *
 * @param keptIn       {@code memory}, {@code redis}, or {@code memory (Redis unreachable)} while a
 *                     shared budget has fallen back to this node's share
 * @param longestQuota what is left of the longest quota (the day's, with Keap's limits); empty
 *                     when the limits hold only a credit pool
 * @param keap         what Keap said the account has left, on its latest answer that said it
 */
public record BudgetState(String keptIn, Optional<BudgetRemaining> longestQuota, Optional<KeapCounts> keap) {
    public BudgetState {
        Objects.requireNonNull(keptIn, "keptIn");
        Objects.requireNonNull(longestQuota, "longestQuota");
        Objects.requireNonNull(keap, "keap");
    }
}
