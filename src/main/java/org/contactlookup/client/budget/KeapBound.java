package org.contactlookup.client.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.contactlookup.client.errors.ThrottledException;

/**
 * A budget that never believes more is left than Keap last said: our own count (the budget it
 * wraps) decides as before, and on top of it, once Keap's answers have said how many calls the
 * account has left in the day or the minute, no more permits are given than that until the day
 * resets (Keap's expiry time, or the next UTC midnight) or the minute is over. Another
 * integration spending the account's quota is seen here, where our own count cannot see it.
 *
 * <p>Calls already on their way when an answer arrives are not in Keap's count yet, so this can
 * believe up to that many calls too many; the next answer corrects it. Thread-safe.
 */
final class KeapBound implements Budget {
    private final Budget counted;
    private final Clock clock;
    private KeapCounts said;
    /** Permits given since {@link #said} was heard. */
    private long sinceSaid;

    KeapBound(Budget counted, Clock clock) {
        this.counted = counted;
        this.clock = clock;
    }

    @Override
    public Duration reserve(String method, Duration maxWait) throws ThrottledException {
        KeapCounts claimedUnder;
        Duration keapWait;
        synchronized (this) {
            keapWait = keapWait(clock.instant());
            if (keapWait.compareTo(maxWait) > 0) {
                throw refusal(method, keapWait);
            }
            sinceSaid++;
            claimedUnder = said;
        }
        try {
            Duration wait = counted.reserve(method, maxWait);
            return wait.compareTo(keapWait) >= 0 ? wait : keapWait;
        } catch (ThrottledException | RuntimeException e) {
            synchronized (this) {
                if (said == claimedUnder) {
                    sinceSaid--; // nothing is sent: it does not count against what Keap said
                }
            }
            throw e;
        }
    }

    @Override
    public synchronized void heard(KeapCounts counts) {
        if (said == null || !counts.heardAt().isBefore(said.heardAt())) {
            said = counts;
            sinceSaid = 0;
        }
    }

    @Override
    public synchronized Optional<KeapCounts> keapSaid() {
        return Optional.ofNullable(said);
    }

    @Override
    public Optional<BudgetRemaining> remaining() {
        return counted.remaining();
    }

    @Override
    public String keptIn() {
        return counted.keptIn();
    }

    /** How long Keap's counts say the next call must wait; zero when they allow it now or said nothing. */
    private Duration keapWait(Instant now) {
        if (said == null) {
            return Duration.ZERO;
        }
        Duration wait = Duration.ZERO;
        if (said.daySpent(sinceSaid, now)) {
            wait = Duration.between(now, said.dayResetsAt());
        }
        if (said.minuteSpent(sinceSaid, now)) {
            Duration minute = Duration.between(now, said.minuteOver());
            wait = minute.compareTo(wait) > 0 ? minute : wait;
        }
        return wait;
    }

    private ThrottledException refusal(String method, Duration wait) {
        boolean day = said.daySpent(sinceSaid, clock.instant());
        Instant until = day ? said.dayResetsAt() : said.minuteOver();
        return new ThrottledException(method + " was not sent: Keap said this account has no calls left "
                + (day ? "today" : "this minute") + " (until " + until.truncatedTo(ChronoUnit.SECONDS) + ")",
                ThrottledException.Source.BUDGET, wait);
    }
}
