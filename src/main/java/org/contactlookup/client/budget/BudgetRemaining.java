package org.contactlookup.client.budget;

import java.time.Instant;
import java.util.Objects;
import org.contactlookup.client.config.RateLimit;

/**
 * What is left of a connection's longest quota, such as Keap's 30,000 calls a day: enough to
 * tell people when a spent budget comes back. The moments are on the clock of whoever keeps the
 * budget: Redis's when it is shared, this machine's otherwise. Quotas are sliding windows, so
 * the budget comes back a permit at a time, not all at once at a fixed hour.
 *
 * @param limit  the quota
 * @param left   the permits that can still be had in the window that ends now
 * @param nextAt when one more permit frees up: the moment of asking while {@code left > 0},
 *               otherwise when the oldest permit in the window is a whole period old
 * @param fullAt when the whole quota is back, the newest permit a whole period old (the moment
 *               of asking when none was used)
 */
public record BudgetRemaining(RateLimit limit, long left, Instant nextAt, Instant fullAt) {
    public BudgetRemaining {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(nextAt, "nextAt");
        Objects.requireNonNull(fullAt, "fullAt");
        if (left < 0) {
            throw new IllegalArgumentException("permits left must not be negative, not " + left);
        }
    }
}
