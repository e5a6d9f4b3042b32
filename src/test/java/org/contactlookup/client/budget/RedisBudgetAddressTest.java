package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.redis.RedisStore;
import org.contactlookup.testing.LogCapture;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** Redis addresses and passwords: clear refusals, and no password in any message or log line. */
class RedisBudgetAddressTest {
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start("--requirepass", PASSWORD);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://cache.example:6379     | the Redis address 'http://cache.example:6379' must start with redis:// or, for TLS, rediss://
            cache.example:6379            | the Redis address 'cache.example:6379' must start with redis:// or, for TLS, rediss://
            redis:cache.example           | the Redis address 'redis:cache.example' must name a host: redis://host:port
            redis://:6379                 | the Redis address 'redis://:6379' must name a host: redis://host:port
            redis://cache.example:6379?a=b | the Redis address 'redis://cache.example:6379?a=b' takes no query or fragment
            redis://cache.example/db1     | the Redis address 'redis://cache.example/db1' may end only in a database number, such as /0, not '/db1'
            redis://cache.example:70000   | the Redis address 'redis://cache.example:70000' needs a port from 1 to 65535, not 70000
            redis://app:hunter2@cache.example | the Redis address must not carry a password (scheme://user:password@...); give the password separately
            """)
    void addressesThatCannotBeUsedAreRefusedByName(String address, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisStore.connect(URI.create(address), null, TIMEOUT));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            redis://cache.example               | redis://cache.example:6379
            REDIS://cache.example:6380/         | redis://cache.example:6380
            rediss://app@cache.example:6380/2   | rediss://cache.example:6380/2
            redis://[::1]:7000                  | redis://[::1]:7000
            """)
    void usableAddressesAreShownWithoutTheUserName(String address, String shown) {
        try (RedisStore store = RedisStore.connect(URI.create(address), null, TIMEOUT)) {
            assertEquals(shown, store.address());
        }
    }

    @Test
    void aTimeoutOutsideOneMillisecondToTenSecondsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisStore.connect(server.uri(), null, Duration.ofSeconds(11)));
        assertEquals("the Redis timeout must be 1 ms to 10 s, not 11000 ms", e.getMessage());
    }

    @Test
    void theRightPasswordOpensTheBudget() throws Exception {
        try (RedisStore store = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            RedisBudget budget = new RedisBudget(store, Secret.of("KeapAK-" + UUID.randomUUID()), List.of(RateLimit.parse("1/s")));
            assertEquals(Duration.ZERO, budget.reserve("lookup", Duration.ZERO));
        }
    }

    @Test
    void anAclUserNamedInTheAddressNeedsOnlyTheBudgetsCommandsAndKeys() throws Exception {
        String userPassword = "budget-" + UUID.randomUUID();
        try (RedisClient admin = RedisClient.builder().hostAndPort("127.0.0.1", server.port())
                .clientConfig(DefaultJedisClientConfig.builder().password(PASSWORD).build()).build()) {
            admin.sendCommand(Protocol.Command.ACL, "SETUSER", "budget", "on", ">" + userPassword, "~contactlookup:budget:*",
                    "+evalsha", "+eval", "+time", "+zremrangebyscore", "+zrange", "+zcount", "+zcard", "+zadd", "+pttl", "+pexpire", "+get", "+set");
            admin.sendCommand(Protocol.Command.SCRIPT, "FLUSH");
        }
        URI address = URI.create("redis://budget@127.0.0.1:" + server.port());
        try (RedisStore store = RedisStore.connect(address, Secret.of(userPassword), TIMEOUT)) {
            RedisBudget budget = new RedisBudget(store, Secret.of("KeapAK-" + UUID.randomUUID()),
                    List.of(RateLimit.parse("10/s"), RateLimit.parse("30000/day"), RateLimit.parse("10000+2/s")));
            assertEquals(Duration.ZERO, budget.reserve("lookup", Duration.ZERO));
            assertEquals(29_999, budget.remaining().orElseThrow().left());
        }
    }

    @Test
    void aWrongPasswordFallsBackAndNoMessageShowsAPasswordOrTheKey() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        Secret apiKey = Secret.of("KeapAK-" + UUID.randomUUID());
        try (RedisStore store = RedisStore.connect(server.uri(), Secret.of(wrong), TIMEOUT);
             LogCapture log = new LogCapture("org.contactlookup.client")) {
            RedisBudget redis = new RedisBudget(store, apiKey, List.of(RateLimit.parse("10/s")));
            RedisStore.Unavailable failure = assertThrows(RedisStore.Unavailable.class, () -> redis.reserve("lookup", Duration.ZERO));
            assertEquals("Redis at " + server.uri() + " could not be used (timeout 2000 ms): JedisAccessControlException:"
                    + " WRONGPASS invalid username-password pair or user is disabled.", failure.getMessage());
            SharedBudget budget = new SharedBudget("crm", redis, 1);
            assertEquals(Duration.ZERO, budget.reserve("lookup", Duration.ZERO));
            assertFalse(budget.isShared());
            assertEquals(1, log.lines().size(), log.lines().toString());
            for (String text : List.of(log.lines().get(0), failure.toString(), String.valueOf(failure.getCause()))) {
                assertFalse(text.contains(wrong) || text.contains(PASSWORD) || text.contains(apiKey.reveal()), text);
            }
            assertEquals("WARNING Connection 'crm' keeps its own share of the limits in memory (10/s, the only node, started from what Redis counted last) until Redis"
                    + " answers again. " + failure.getMessage(), log.lines().get(0));
        }
    }
}
