package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.realm.MemoryRealm;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /health} says only UP or DOWN to anyone but loopback and users in the configured role,
 * with the same status code. A client elsewhere is shown two ways: through Tomcat's
 * {@code RemoteIpValve} behind a proxy on the same host (the proxy's {@code X-Forwarded-For}), and,
 * where this machine has a non-loopback address, over a real socket from that address.
 */
class HealthDetailsTest {
    private static final String ROLE = "monitoring";
    private static final String DETAILS_UP = "{\"status\":\"UP\",\"connection\":\"connected\",\"protocol\":\"xmlrpc\",\"budget\":{";
    private static final String PASSWORD = Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(18));

    /** A GET of {@code /health}, as the proxy forwards it for {@code client} (null: no header) with these credentials (null: none). */
    private static HttpResponse<String> health(URI base, String client, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(30)).GET();
        if (client != null) {
            request.header("X-Forwarded-For", client);
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return WebSession.http().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * What an operator sets up: the proxy's valve (which trusts loopback), BASIC login with a
     * realm whose users file holds one user in the role and one outside it, and preemptive
     * authentication so that credentials sent to the unprotected {@code /health} are read.
     */
    private static void behindAProxyWithLogin(Tomcat tomcat, Context context) {
        try {
            Path users = Files.createTempFile("tomcat-users", ".xml");
            Files.writeString(users, "<tomcat-users>\n"
                    + "  <user username=\"monitor\" password=\"" + PASSWORD + "\" roles=\"" + ROLE + "\"/>\n"
                    + "  <user username=\"staff\" password=\"" + PASSWORD + "\" roles=\"lookup\"/>\n"
                    + "</tomcat-users>\n");
            MemoryRealm realm = new MemoryRealm();
            realm.setPathname(users.toString());
            context.setRealm(realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.setLoginConfig(new LoginConfig("BASIC", "contact-lookup", null, null));
        context.setPreemptiveAuthentication(true);
        tomcat.getHost().getPipeline().addValve(new RemoteIpValve());
    }

    @Test
    void aClientBehindTheProxyGetsOnlyUpAndLoopbackOrTheRoleGetTheDetails() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Path connections = SandboxFiles.write(sandbox, Files.createTempDirectory("health-conf"));
            try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(0, "/contact-lookup", Map.of(
                    ContactLookupListener.CONNECTION_FILE, connections.toString(), ContactLookupListener.CONNECTION_NAME, "sandbox",
                    HealthServlet.DETAILS_ROLE, ROLE), HealthDetailsTest::behindAProxyWithLogin)) {
                AppUnderTest.awaitHealth(tomcat, 200);
                URI base = tomcat.base();

                HttpResponse<String> outside = health(base, "203.0.113.7", null);
                assertEquals(200, outside.statusCode());
                assertEquals("{\"status\":\"UP\"}\n", outside.body());
                assertEquals("application/json;charset=UTF-8", outside.headers().firstValue("Content-Type").orElseThrow());
                // A client that claims to be loopback is still the address the proxy saw.
                assertEquals("{\"status\":\"UP\"}\n", health(base, "127.0.0.1, 203.0.113.7", null).body());
                assertEquals("{\"status\":\"UP\"}\n", health(base, "203.0.113.7", "staff").body(), "a user outside the role");

                HttpResponse<String> monitor = health(base, "203.0.113.7", "monitor");
                assertEquals(200, monitor.statusCode());
                assertTrue(monitor.body().startsWith(DETAILS_UP), monitor.body());
                assertTrue(health(base, null, null).body().startsWith(DETAILS_UP), "the proxy's own host, on loopback");
            }
        }
    }

    @Test
    void aClientBehindTheProxyGetsOnlyDownWhileTheAppIsDown() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(0, "/contact-lookup", Map.of(HealthServlet.DETAILS_ROLE, ROLE),
                HealthDetailsTest::behindAProxyWithLogin)) {
            HttpResponse<String> outside = health(tomcat.base(), "203.0.113.7", null);
            assertEquals(503, outside.statusCode());
            assertEquals("{\"status\":\"DOWN\"}\n", outside.body());
            HttpResponse<String> monitor = health(tomcat.base(), "203.0.113.7", "monitor");
            assertEquals(503, monitor.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"connection\":\"no connection is set up\"}\n", monitor.body());
            assertEquals("{\"status\":\"DOWN\",\"connection\":\"no connection is set up\"}\n", health(tomcat.base(), null, null).body());
        }
    }

    /** No valve and no login: a real connection from this machine's own non-loopback address. */
    @Test
    void aClientOnAnotherAddressGetsOnlyUp() throws Exception {
        Optional<InetAddress> address = NetworkInterface.networkInterfaces().filter(HealthDetailsTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Path connections = SandboxFiles.write(sandbox, Files.createTempDirectory("health-conf"));
            try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(0, "/contact-lookup", Map.of(
                    ContactLookupListener.CONNECTION_FILE, connections.toString(), ContactLookupListener.CONNECTION_NAME, "sandbox"),
                    (server, context) -> server.getConnector().setProperty("address", address.get().getHostAddress()))) {
                URI base = URI.create("http://" + address.get().getHostAddress() + ":" + tomcat.port() + "/contact-lookup/");
                HttpResponse<String> outside = health(base, null, null);
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (outside.statusCode() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    outside = health(base, null, null);
                }
                assertEquals(200, outside.statusCode());
                assertEquals("{\"status\":\"UP\"}\n", outside.body());
                assertFalse(outside.body().contains("budget"));
            }
        }
    }

    /** Only a literal loopback address counts: a name, even "localhost", never does and is never looked up. */
    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.8.9.10, true", "::1, true", "0:0:0:0:0:0:0:1, true", "::ffff:127.0.0.1, true",
            "10.0.0.1, false", "203.0.113.7, false", "::ffff:10.0.0.1, false", "fe80::1, false", "fe80::1%eth0, false",
            "localhost, false", "127.0.0.1.example.com, false", "'', false"})
    void onlyALiteralLoopbackAddressIsLoopback(String address, boolean loopback) {
        assertEquals(loopback, HealthServlet.fromLoopback(address));
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
