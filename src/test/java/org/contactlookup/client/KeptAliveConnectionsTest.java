package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calls reuse the connection's kept-alive HTTPS connections instead of paying a TCP and TLS
 * handshake each, on both protocols, counted by the sandbox itself.
 */
class KeptAliveConnectionsTest {
    private static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    private static Sandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Connection> connections() {
        Connection xmlRpc = SandboxConnections.once(SandboxConnections.apiKey(sandbox));
        return Stream.of(xmlRpc, xmlRpc.withEndpoint(sandbox.restEndpoint(), sandbox.certificate()).withProtocol(Protocol.REST));
    }

    @ParameterizedTest
    @MethodSource("connections")
    void aThousandSequentialLookupsOpenAtMostFiveConnections(Connection connection) throws Exception {
        try (ContactLookup client = ContactLookup.create(connection)) {
            int before = sandbox.connectionsAccepted();
            for (int i = 0; i < 1000; i++) {
                String email = i % 2 == 0 ? DemoContacts.JOHN : "nobody" + i + "@example.com";
                assertEquals(i % 2 == 0 ? 1 : 0, client.findByEmail(email, FIELDS).size());
            }
            int opened = sandbox.connectionsAccepted() - before;
            assertTrue(opened >= 1 && opened <= 5, opened + " connections for 1,000 lookups");
        }
    }

    @ParameterizedTest
    @MethodSource("connections")
    void concurrentLookupsShareAFewConnections(Connection connection) throws Exception {
        try (ContactLookup client = ContactLookup.create(connection)) {
            int before = sandbox.connectionsAccepted();
            for (int round = 0; round < 50; round++) {
                List<CompletableFuture<List<Map<String, Object>>>> lookups = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    lookups.add(client.findByEmailAsync("round" + round + "-" + i + "@example.com", FIELDS));
                }
                for (CompletableFuture<List<Map<String, Object>>> lookup : lookups) {
                    assertEquals(List.of(), lookup.get());
                }
            }
            int opened = sandbox.connectionsAccepted() - before;
            assertTrue(opened >= 1 && opened <= 8, opened + " connections for 400 lookups, 8 at a time");
        }
    }

    @Test
    void aDroppedKeptAliveConnectionNeverResendsAPost() throws Exception {
        try (InfusionsoftClient client = InfusionsoftClient.create(SandboxConnections.once(SandboxConnections.apiKey(sandbox)))) {
            client.checkConnection(); // a kept-alive connection is now in the pool
            sandbox.clearCalls();
            sandbox.injectNext(Fault.drop());
            NetworkException e = assertThrows(NetworkException.class,
                    () -> client.call("ContactService.add", Map.of("FirstName", "Once")));
            assertEquals(NetworkException.Kind.CONNECTION_LOST, e.kind());
            assertEquals(1, sandbox.calls().size(), "the write reached the server once and was not sent again");
        }
    }
}
