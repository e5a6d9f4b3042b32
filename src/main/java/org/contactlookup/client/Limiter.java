package org.contactlookup.client;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The connection's budget: one token bucket per {@link RateLimit}, all of which must have a
 * permit. Shared by every thread that uses the client. A caller waits for a permit at most the
 * policy's permit wait, then gets a {@link ThrottledException} without anything being sent.
 */
final class Limiter {
    private final Bucket bucket;
    private final String description;

    Limiter(List<RateLimit> limits) {
        LocalBucketBuilder builder = Bucket.builder();
        for (RateLimit limit : limits) {
            builder.addLimit(Bandwidth.builder().capacity(limit.calls()).refillGreedy(limit.calls(), limit.period()).build());
        }
        this.bucket = builder.build();
        this.description = limits.stream().map(RateLimit::toString).collect(Collectors.joining(", "));
    }

    /** Takes one permit, waiting at most {@code maxWait}. */
    void acquire(String method, Duration maxWait) throws ThrottledException, NetworkException {
        boolean granted;
        try {
            granted = maxWait.isZero() || maxWait.isNegative()
                    ? bucket.tryConsume(1)
                    : bucket.asBlocking().tryConsume(1, maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkException(method + " was interrupted while waiting for a permit", NetworkException.Kind.TIMEOUT, e);
        }
        if (!granted) {
            Duration wait = Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
            throw new ThrottledException(method + " was not sent: no permit within " + maxWait.toMillis()
                    + " ms under this connection's limits (" + description + ")", 0, wait);
        }
    }
}
