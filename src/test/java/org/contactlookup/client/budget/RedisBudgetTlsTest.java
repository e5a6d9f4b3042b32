package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.redis.RedisStore;
import org.contactlookup.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// to a real redis-server speaking TLS, with a certificate made for "localhost" only. */
class RedisBudgetTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final List<RateLimit> LIMITS = List.of(RateLimit.parse("10/s"));
    @TempDir
    static Path certificates;
    private static RedisServer server;
    private static SSLContext trustingTheServer;

    @BeforeAll
    static void startRedis() throws Exception {
        Path cert = certificates.resolve("cert.pem");
        Path key = certificates.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), "openssl (Debian's openssl package) made no certificate: " + output);
        server = RedisServer.startTls(cert, key);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        trustingTheServer = SSLContext.getInstance("TLS");
        trustingTheServer.init(null, trust.getTrustManagers(), null);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    private static URI address(String host) {
        return URI.create("rediss://" + host + ":" + server.port());
    }

    private static RedisBudget budget(RedisStore store) {
        return new RedisBudget(store, Secret.of("KeapAK-" + UUID.randomUUID()), LIMITS);
    }

    @Test
    void aRedissAddressKeepsTheBudgetOverTls() throws Exception {
        try (RedisStore store = RedisStore.connect(address("localhost"), null, TIMEOUT, trustingTheServer)) {
            assertEquals(Duration.ZERO, budget(store).reserve("lookup", Duration.ZERO));
            assertEquals("rediss://localhost:" + server.port(), store.address());
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        try (RedisStore store = RedisStore.connect(address("127.0.0.1"), null, TIMEOUT, trustingTheServer)) {
            RedisStore.Unavailable e = assertThrows(RedisStore.Unavailable.class, () -> budget(store).reserve("lookup", Duration.ZERO));
            assertTrue(e.getMessage().contains("No subject alternative names matching IP address 127.0.0.1 found"), e.getMessage());
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() {
        try (RedisStore store = RedisStore.connect(address("localhost"), null, TIMEOUT)) {
            RedisStore.Unavailable e = assertThrows(RedisStore.Unavailable.class, () -> budget(store).reserve("lookup", Duration.ZERO));
            assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
        }
    }
}
