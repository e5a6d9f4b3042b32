package org.contactlookup.client.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.contactlookup.client.budget.RedisBudget;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.redis.RedisStore;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** OAuth2 tokens in a real Redis: newest pair wins, one lease at a time, a lost Redis refilled from the file. */
class RedisTokenStoreTest {
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Secret CLIENT_SECRET = Secret.of("client-secret-" + UUID.randomUUID());
    private static RedisServer server;

    @TempDir
    Path folder;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start("--requirepass", PASSWORD);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    private static Tokens pair(String name, Instant obtained) {
        return new Tokens(Secret.of("access-" + name), Secret.of("refresh-" + name), obtained.plus(Duration.ofHours(24)), obtained);
    }

    private RedisTokenStore store(RedisStore redis, String node, Secret clientId) {
        return store(redis, node, clientId, CLIENT_SECRET);
    }

    private RedisTokenStore store(RedisStore redis, String node, Secret clientId, Secret clientSecret) {
        return new RedisTokenStore(redis, clientId, clientSecret, "myapp", new FileTokenStore(folder.resolve(node + ".json")));
    }

    @Test
    void twoNodesSeeOnePairTheNewestAndOneLease() {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            RedisTokenStore a = store(redis, "a", clientId);
            RedisTokenStore b = store(redis, "b", clientId);
            assertEquals(Optional.empty(), a.load());
            a.save(pair("1", NOW));
            assertEquals(Optional.of(pair("1", NOW)), b.load());
            assertEquals(pair("2", NOW.plusSeconds(1)), b.save(pair("2", NOW.plusSeconds(1))));
            assertEquals(pair("2", NOW.plusSeconds(1)), a.save(pair("1", NOW)), "a slow node cannot put back a used token");
            assertEquals(Optional.of(pair("2", NOW.plusSeconds(1))), a.load());
            Optional<TokenStore.Lease> lease = a.tryLease(Duration.ofSeconds(30));
            assertTrue(lease.isPresent());
            assertEquals(Optional.empty(), b.tryLease(Duration.ofSeconds(30)));
            lease.get().close();
            b.tryLease(Duration.ofSeconds(30)).orElseThrow().close();
            assertFalse(store(redis, "c", Secret.of("another-client")).load().isPresent(), "another client id, other tokens");
        }
    }

    @Test
    void aRedisThatLostItsDataIsRefilledFromTheNodesFile() throws Exception {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            RedisTokenStore a = store(redis, "a", clientId);
            a.save(pair("1", NOW));
            flush();
            assertEquals(Optional.empty(), a.refilledAt());
            assertEquals(Optional.of(pair("1", NOW)), a.load(), "the node's own copy");
            assertTrue(a.refilledAt().isPresent());
            assertEquals(Optional.of(pair("1", NOW)), store(redis, "b", clientId).load(), "and now in Redis for the others");
        }
    }

    @Test
    void aDamagedCopyOnOneNodeHidesNothingThatRedisHolds() throws Exception {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            store(redis, "a", clientId).save(pair("1", NOW));
            java.nio.file.Files.writeString(folder.resolve("b.json"), "{\"access_token\": garbage");
            RedisTokenStore b = store(redis, "b", clientId);
            assertEquals(Optional.of(pair("1", NOW)), b.load(), "node b sees the shared pair");
            java.nio.file.Files.createDirectories(folder.resolve("c.json")); // a folder where node c's copy should be
            assertEquals(pair("2", NOW.plusSeconds(1)), store(redis, "c", clientId).save(pair("2", NOW.plusSeconds(1))));
            assertEquals(Optional.of(pair("2", NOW.plusSeconds(1))), b.load(), "node c's pair reached Redis");
        }
    }

    @Test
    void anUnreachableRedisIsATokenStoreFailureNamingIt() {
        URI nowhere = URI.create("redis://127.0.0.1:1");
        try (RedisStore redis = RedisStore.connect(nowhere, null, Duration.ofMillis(200))) {
            TokenStoreException e = assertThrows(TokenStoreException.class, () -> store(redis, "a", Secret.of("id")).load());
            assertTrue(e.getMessage().startsWith("Redis at redis://127.0.0.1:1 could not be used"), e.getMessage());
        }
    }

    @Test
    void anAclUserWithTheReadmesCommandsCanKeepBudgetsAndTokens() throws Exception {
        String userPassword = "tokens-" + UUID.randomUUID();
        try (RedisClient admin = admin()) {
            admin.sendCommand(Protocol.Command.ACL, "SETUSER", "tokens", "on", ">" + userPassword, "~contactlookup:budget:*",
                    "~contactlookup:oauth:*", "+evalsha", "+eval", "+time", "+zremrangebyscore", "+zrange", "+zcount", "+zcard", "+zadd", "+pttl",
                    "+pexpire", "+get", "+set", "+hmget", "+hget", "+hset", "+del");
            admin.sendCommand(Protocol.Command.SCRIPT, "FLUSH");
        }
        URI address = URI.create("redis://tokens@127.0.0.1:" + server.port());
        try (RedisStore redis = RedisStore.connect(address, Secret.of(userPassword), TIMEOUT)) {
            RedisTokenStore store = store(redis, "acl", Secret.of("client-" + UUID.randomUUID()));
            store.save(pair("1", NOW));
            assertEquals(Optional.of(pair("1", NOW)), store.load());
            store.tryLease(Duration.ofSeconds(5)).orElseThrow().close();
            RedisBudget budget = new RedisBudget(redis, Secret.of("KeapAK-" + UUID.randomUUID()), List.of(RateLimit.parse("10/s")));
            assertEquals(Duration.ZERO, budget.reserve("lookup", Duration.ZERO));
        }
    }

    @Test
    void redisHoldsNeitherTokenAndEverySaveHasItsOwnIv() {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            RedisTokenStore a = store(redis, "a", clientId);
            a.save(pair("1", NOW));
            Map<String, String> first = raw(a.tokensKey());
            assertEquals(Set.of("sealed", "expiresAt", "obtainedAt"), first.keySet());
            assertEquals(Long.toString(NOW.toEpochMilli()), first.get("obtainedAt"));
            assertTrue(first.get("sealed").startsWith("v1:"), first.get("sealed"));
            assertTrue(first.values().stream().noneMatch(v -> v.contains("access-1") || v.contains("refresh-1")), first.toString());
            String opened = new String(Base64.getDecoder().decode(first.get("sealed").substring(3)), StandardCharsets.ISO_8859_1);
            assertFalse(opened.contains("access-1") || opened.contains("refresh-1"), "encrypted, not just encoded");
            assertEquals(Optional.of(pair("1", NOW)), store(redis, "b", clientId).load(), "another node with the client secret reads it");
            a.save(pair("1", NOW));
            assertNotEquals(first.get("sealed"), raw(a.tokensKey()).get("sealed"), "a fresh IV");
        }
    }

    @Test
    void anotherClientSecretCannotReadThePairAndSaysSoWithoutSecrets() {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        Secret otherSecret = Secret.of("other-secret-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            store(redis, "a", clientId).save(pair("1", NOW));
            RedisTokenStore other = store(redis, "b", clientId, otherSecret);
            TokenStoreException e = assertThrows(TokenStoreException.class, other::load);
            assertEquals("the OAuth2 tokens in Redis " + redis.address() + " cannot be decrypted with this connection's client secret: "
                    + "they were stored under another client secret, or altered; run the authorize command to store a new pair", e.getMessage());
            for (String secret : List.of(CLIENT_SECRET.reveal(), otherSecret.reveal(), PASSWORD, "access-1", "refresh-1")) {
                assertFalse(e.getMessage().contains(secret));
            }
            assertEquals(pair("1", NOW), store(redis, "c", clientId).load().orElseThrow(), "still there for the right secret");
        }
    }

    @Test
    void aSealedPairCopiedUnderAnotherKeyOrGivenAnotherTimeDoesNotOpen() {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT);
             RedisClient admin = admin()) {
            RedisTokenStore a = store(redis, "a", clientId);
            a.save(pair("1", NOW));
            RedisTokenStore b = store(redis, "b", Secret.of("client-" + UUID.randomUUID()));
            admin.hset(b.tokensKey(), raw(a.tokensKey()));
            assertThrows(TokenStoreException.class, b::load, "the key name is bound in");
            admin.hset(a.tokensKey(), "obtainedAt", Long.toString(NOW.plusSeconds(3600).toEpochMilli()));
            assertThrows(TokenStoreException.class, store(redis, "c", clientId)::load, "so are the times");
        }
    }

    @Test
    void aPlainPairOfTheVersionBeforeIsReadAndSealedAtOnce() {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT);
             RedisClient admin = admin()) {
            RedisTokenStore a = store(redis, "a", clientId);
            admin.hset(a.tokensKey(), Map.of("access", "access-old", "refresh", "refresh-old",
                    "expiresAt", Long.toString(NOW.plus(Duration.ofHours(24)).toEpochMilli()), "obtainedAt", Long.toString(NOW.toEpochMilli())));
            assertEquals(Optional.of(pair("old", NOW)), a.load(), "nobody is signed out by the upgrade");
            Map<String, String> now = raw(a.tokensKey());
            assertEquals(Set.of("sealed", "expiresAt", "obtainedAt"), now.keySet());
            assertTrue(now.values().stream().noneMatch(v -> v.contains("access-old") || v.contains("refresh-old")), now.toString());
            assertEquals(Optional.of(pair("old", NOW)), store(redis, "b", clientId).load());
        }
    }

    @Test
    void aRotatedClientSecretSealsThePairAgainFromTheNodesOwnCopy() {
        Secret clientId = Secret.of("client-" + UUID.randomUUID());
        Secret rotated = Secret.of("rotated-secret-" + UUID.randomUUID());
        try (RedisStore redis = RedisStore.connect(server.uri(), Secret.of(PASSWORD), TIMEOUT)) {
            store(redis, "a", clientId).save(pair("1", NOW));
            assertEquals(Optional.of(pair("1", NOW)), store(redis, "a", clientId, rotated).load());
            assertEquals(Optional.of(pair("1", NOW)), store(redis, "b", clientId, rotated).load(), "sealed under the new secret");
            assertThrows(TokenStoreException.class, store(redis, "c", clientId)::load, "and no longer under the old one");
        }
    }

    private static Map<String, String> raw(String key) {
        try (RedisClient admin = admin()) {
            return admin.hgetAll(key);
        }
    }

    private static void flush() {
        try (RedisClient admin = admin()) {
            admin.sendCommand(Protocol.Command.FLUSHALL);
        }
    }

    private static RedisClient admin() {
        return RedisClient.builder().hostAndPort("127.0.0.1", server.port())
                .clientConfig(DefaultJedisClientConfig.builder().password(PASSWORD).build()).build();
    }
}
