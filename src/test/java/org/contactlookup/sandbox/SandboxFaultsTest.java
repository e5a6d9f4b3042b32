package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's slow-answer faults, its silent endpoint and its connection count, seen from
 * outside: over raw TLS where the timing of each byte matters, over {@link HttpClient} where
 * connection reuse does.
 */
class SandboxFaultsTest {
    private static final String JOHN_QUERY = "/crm/rest/v2/contacts?filter=email==" + DemoContacts.JOHN + "&fields=id,given_name";
    private static final byte[] JOHN_ANSWER = "{\"contacts\":[{\"id\":\"3\",\"given_name\":\"John\"}],\"next_page_token\":\"\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static Sandbox sandbox;
    private static SSLContext trust;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(1000, 100_000).start();
        trust = RawHttps.trusting(sandbox.certificate());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.clearFaults();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static HttpResponse<String> getJohn(HttpClient client) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + sandbox.port() + JOHN_QUERY))
                .header("X-Keap-API-Key", sandbox.apiKey()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void trickleSendsTheHeadersAtOnceThenTheUsualBodyOneBytePerInterval() throws Exception {
        try (RawHttps connection = RawHttps.connect(trust, sandbox.port())) {
            sandbox.injectNext(Fault.trickle(Duration.ofMillis(200)));
            long start = System.nanoTime();
            connection.get(JOHN_QUERY, sandbox.apiKey());
            List<String> head = connection.readHead();
            byte[] firstByte = connection.readBytes(1);
            long firstByteMillis = millisSince(start);
            byte[] nextFour = connection.readBytes(4);
            long fifthByteMillis = millisSince(start);

            assertEquals("HTTP/1.1 200 OK", head.get(0));
            assertEquals(JOHN_ANSWER.length, RawHttps.contentLength(head));
            assertEquals("{\"con", new String(firstByte, StandardCharsets.UTF_8) + new String(nextFour, StandardCharsets.UTF_8));
            assertTrue(firstByteMillis < 200, "headers and first byte within one interval, not " + firstByteMillis + " ms");
            assertTrue(fifthByteMillis >= 4 * 200, "four intervals before the fifth byte, not " + fifthByteMillis + " ms");
        }
    }

    @Test
    void hangAfterHeadersSendsTheHeadersThenTheWholeBodyOnlyAfterTheHang() throws Exception {
        try (RawHttps connection = RawHttps.connect(trust, sandbox.port())) {
            sandbox.injectNext(Fault.hangAfterHeaders(Duration.ofMillis(600)));
            long start = System.nanoTime();
            connection.get(JOHN_QUERY, sandbox.apiKey());
            List<String> head = connection.readHead();
            long headMillis = millisSince(start);
            byte[] body = connection.readBytes(RawHttps.contentLength(head));
            long bodyMillis = millisSince(start);

            assertEquals("HTTP/1.1 200 OK", head.get(0));
            assertArrayEquals(JOHN_ANSWER, body);
            assertTrue(headMillis < 600, "headers before the hang ends, not after " + headMillis + " ms");
            assertTrue(bodyMillis >= 600, "body after the hang, not after " + bodyMillis + " ms");
        }
    }

    @Test
    void hangAfterHeadersLeavesTheConnectionFitForTheNextRequest() throws Exception {
        try (RawHttps connection = RawHttps.connect(trust, sandbox.port())) {
            int before = sandbox.connectionsAccepted();
            sandbox.injectNext(Fault.hangAfterHeaders(Duration.ofMillis(100)));
            for (int i = 0; i < 2; i++) {
                connection.get(JOHN_QUERY, sandbox.apiKey());
                assertArrayEquals(JOHN_ANSWER, connection.readBytes(RawHttps.contentLength(connection.readHead())));
            }
            assertEquals(0, sandbox.connectionsAccepted() - before);
        }
    }

    @Test
    void silentEndpointAcceptsAndNeverAnswersATlsHandshake() throws Exception {
        URI silent = sandbox.silentEndpoint(Sandbox.KEAP_PATH);
        int before = sandbox.silentConnections();
        assertEquals("https://localhost:" + silent.getPort() + "/crm/xmlrpc/v1", silent.toString());
        assertNotEquals(sandbox.port(), silent.getPort());

        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("localhost", silent.getPort())) {
            socket.setSoTimeout(300);
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, socket::startHandshake);
            assertEquals("Read timed out", e.getMessage());
            assertTrue(millisSince(start) >= 300, "waited out the timeout");
        }
        assertEquals(before + 1, sandbox.silentConnections());
        assertEquals(silent.getPort(), sandbox.silentEndpoint("/crm/rest/v2").getPort());
    }

    @Test
    void silentEndpointNeedsAPathFromTheRoot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sandbox.silentEndpoint("crm/xmlrpc/v1"));
        assertEquals("path must start with '/': crm/xmlrpc/v1", e.getMessage());
    }

    @Test
    void oneKeptAliveClientIsOneConnectionAndASecondClientAnother() throws Exception {
        int before = sandbox.connectionsAccepted();
        HttpClient first = HttpClient.newBuilder().sslContext(trust).build();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, getJohn(first).statusCode());
        }
        assertEquals(1, sandbox.connectionsAccepted() - before);

        HttpResponse<String> fromSecond = getJohn(HttpClient.newBuilder().sslContext(trust).build());
        assertEquals(new String(JOHN_ANSWER, StandardCharsets.UTF_8), fromSecond.body());
        assertEquals(2, sandbox.connectionsAccepted() - before);
    }

    @Test
    void aConnectionIsCountedWhenItStartsTlsNotWhenItIsAccepted() throws Exception {
        int before = sandbox.connectionsAccepted();
        try (Socket mute = new Socket("localhost", sandbox.port());
                RawHttps talking = RawHttps.connect(trust, sandbox.port())) {
            assertEquals(1, sandbox.connectionsAccepted() - before);
        }
    }

    @Test
    void slowFaultsRefuseNegativeDurations() {
        IllegalArgumentException trickle = assertThrows(IllegalArgumentException.class, () -> Fault.trickle(Duration.ofMillis(-1)));
        assertEquals("perByte must not be negative: PT-0.001S", trickle.getMessage());
        IllegalArgumentException hang = assertThrows(IllegalArgumentException.class, () -> Fault.hangAfterHeaders(Duration.ofSeconds(-2)));
        assertEquals("hang must not be negative: PT-2S", hang.getMessage());
    }

    @Test
    void closeEndsATrickleAndTheSilentConnectionsWithoutWaiting() throws Exception {
        Sandbox own = Sandbox.builder().start();
        try (Socket silent = new Socket("localhost", own.silentEndpoint("/").getPort());
                RawHttps trickled = RawHttps.connect(RawHttps.trusting(own.certificate()), own.port())) {
            own.injectNext(Fault.trickle(Duration.ofSeconds(30)));
            trickled.get(JOHN_QUERY, own.apiKey());
            assertEquals("HTTP/1.1 200 OK", trickled.readHead().get(0));
            assertEquals('{', trickled.read());
            assertEquals(1, own.silentConnections());

            long start = System.nanoTime();
            own.close();
            long closeMillis = millisSince(start);

            assertTrue(closeMillis < 1000, "close took " + closeMillis + " ms");
            assertEquals(-1, trickled.read());
            assertEquals(-1, silent.getInputStream().read());
            assertThrows(IllegalStateException.class, () -> own.silentEndpoint("/"));
        }
    }
}
