package org.contactlookup.client.budget;

import java.time.Duration;
import java.util.Optional;

/**
 * How many lookups one visitor may start: each visitor, named by an opaque id, has quotas of its
 * own (such as 10 a minute and 200 a day), so that one visitor cannot spend what many share.
 * Kept where the connection's budget is kept. Implementations are thread-safe and hold a bounded
 * amount of memory whatever the number of visitors.
 */
public interface VisitorBudget {
    /**
     * Takes one lookup for {@code visitor}; empty when taken, otherwise how long until one could
     * be, and nothing is taken.
     */
    Optional<Duration> take(String visitor);
}
