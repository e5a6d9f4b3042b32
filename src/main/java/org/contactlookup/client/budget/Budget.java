package org.contactlookup.client.budget;

import java.time.Duration;
import java.util.Optional;
import org.contactlookup.client.errors.ThrottledException;

/**
 * Where a connection's rate limits are kept and spent. Every call takes one permit first; a
 * permit is reserved for a moment at or after now, and the caller waits until that moment (by
 * scheduling, not sleeping) before it sends. Implementations are thread-safe.
 */
public interface Budget {
    /**
     * How much later than its permit a call may reach Keap, which counts calls as they arrive:
     * every quota holds at most N permits in any window of its period plus this margin (a
     * quarter of the period, at most a second), so that calls delayed on their way by up to that
     * much (a busy machine, a late scheduler, a new TLS connection) still arrive at most N in any
     * period. Measured on a loaded 2-core machine: permit to arrival 11 ms at the median and 249
     * ms at worst on a warm connection, up to 0.95 s for a restarted node's first calls.
     */
    static Duration arrivalMargin(Duration period) {
        Duration quarter = period.dividedBy(4);
        return quarter.compareTo(MOST_ARRIVAL_MARGIN) < 0 ? quarter : MOST_ARRIVAL_MARGIN;
    }

    /** The largest {@link #arrivalMargin}. */
    Duration MOST_ARRIVAL_MARGIN = Duration.ofSeconds(1);

    /**
     * Reserves one permit and says how long to wait before using it. When the wait would be
     * longer than {@code maxWait}, nothing is reserved.
     *
     * @throws ThrottledException from {@link ThrottledException.Source#BUDGET}, with the wait that
     *                            would have been needed as its retry-after
     */
    public Duration reserve(String method, Duration maxWait) throws ThrottledException;

    /**
     * What is left of the longest quota (the day's, with Keap's limits), read without taking a
     * permit; empty when there is no quota, only a credit pool.
     */
    public default Optional<BudgetRemaining> remaining() {
        return Optional.empty();
    }

    /**
     * Keap's own counts, from an answer's quota headers: a budget that knows them gives no more
     * permits than they allow. Called for every answer that carries them.
     */
    public default void heard(KeapCounts counts) {
    }

    /** What Keap said on its latest answer with quota headers; empty before any, or when not kept. */
    public default Optional<KeapCounts> keapSaid() {
        return Optional.empty();
    }

    /** Where the permits are kept right now, as {@link BudgetState#keptIn()} says it. */
    public default String keptIn() {
        return "memory";
    }
}
