package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.redis.RedisStore;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What is left of the longest quota, in Redis by Redis's clock and in a node's own Limiter. */
class RedisBudgetRemainingTest {
    private static final List<RateLimit> LIMITS = List.of(RateLimit.parse("10/s"), RateLimit.parse("3/10s"));
    private static RedisServer server;
    private static RedisStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        store = RedisStore.connect(server.uri(), null, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        store.close();
        server.close();
    }

    private static Instant micros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static void assertNear(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(1)) < 0,
                "expected about " + expected + ", was " + actual);
    }

    @Test
    void redisTellsWhatIsLeftOfTheLongestQuotaAndWhenItComesBackByItsClock() throws Exception {
        RedisBudget budget = new RedisBudget(store, Secret.of("KeapAK-" + UUID.randomUUID()), LIMITS);
        BudgetRemaining unused = budget.remaining().orElseThrow();
        assertEquals(RateLimit.parse("3/10s"), unused.limit());
        assertEquals(3, unused.left());
        assertEquals(unused.nextAt(), unused.fullAt());
        assertNear(Instant.now(), unused.nextAt());

        long first = budget.reserveAt("lookup", Duration.ofSeconds(1)).atMicros();
        long second = budget.reserveAt("lookup", Duration.ofSeconds(1)).atMicros();
        BudgetRemaining one = budget.remaining().orElseThrow();
        assertEquals(1, one.left());
        assertEquals(micros(second + 11_000_000), one.fullAt());
        assertNear(Instant.now(), one.nextAt());

        long third = budget.reserveAt("lookup", Duration.ofSeconds(1)).atMicros();
        BudgetRemaining spent = budget.remaining().orElseThrow();
        assertEquals(new BudgetRemaining(RateLimit.parse("3/10s"), 0, micros(first + 11_000_000), micros(third + 11_000_000)), spent);
    }

    @Test
    void aBudgetWithOnlyACreditPoolHasNoQuotaToReport() {
        List<RateLimit> pool = List.of(RateLimit.parse("10000+2/s"));
        assertEquals(Optional.empty(), new RedisBudget(store, Secret.of("legacy-" + UUID.randomUUID()), pool).remaining());
        assertEquals(Optional.empty(), new Limiter(pool).remaining());
    }

    @Test
    void theLimiterTellsWhatIsLeftOfItsLongestQuota() throws Exception {
        Limiter limiter = new Limiter(LIMITS);
        assertEquals(3, limiter.remaining().orElseThrow().left());
        Instant before = Instant.now();
        limiter.reserve("lookup", Duration.ofSeconds(1));
        Duration second = limiter.reserve("lookup", Duration.ofSeconds(1));
        BudgetRemaining one = limiter.remaining().orElseThrow();
        assertEquals(1, one.left());
        assertNear(before.plus(second).plusSeconds(11), one.fullAt()); // its 10 s and the 1 s arrival margin
        limiter.reserve("lookup", Duration.ofSeconds(1));
        BudgetRemaining spent = limiter.remaining().orElseThrow();
        assertEquals(RateLimit.parse("3/10s"), spent.limit());
        assertEquals(0, spent.left());
        assertNear(before.plusSeconds(11), spent.nextAt());
        assertTrue(spent.fullAt().isAfter(spent.nextAt()), spent.toString());
    }
}
