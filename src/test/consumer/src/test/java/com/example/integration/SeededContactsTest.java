package com.example.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxExtension;
import org.contactlookup.sandbox.SeedContacts;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new sandbox for each test, holding the contacts of a JSON file instead of the demo ones. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeededContactsTest {
    @RegisterExtension
    static SandboxExtension sandbox = SandboxExtension.perTest(
            b -> b.contacts(SeedContacts.fromJson(Path.of("src/test/resources/contacts.json"))));

    static HttpResponse<String> post(Sandbox sandbox, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        return client.send(HttpRequest.newBuilder(sandbox.keapEndpoint()).header("X-Keap-API-Key", sandbox.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void theFileReplacesTheDemoContacts(Sandbox sandbox) {
        assertEquals(List.of("Ann", "Ben"), sandbox.contacts().stream().map(c -> c.get("FirstName")).toList());
        assertEquals("gold", sandbox.contacts().get(1).get("_Tier"));
    }

    @Test
    @Order(2)
    void aQueuedFaultAnswersTheNextCallOnly(Sandbox sandbox) throws Exception {
        sandbox.injectNext(Fault.status(503));

        assertEquals(503, post(sandbox, FindByEmailTest.findByEmail("ann@example.com")).statusCode());
        assertEquals(200, post(sandbox, FindByEmailTest.findByEmail("ann@example.com")).statusCode());
    }

    @Test
    @Order(3)
    void aContactAddedOverXmlRpcGetsTheNextId(Sandbox sandbox) throws Exception {
        String add = "<?xml version=\"1.0\"?><methodCall><methodName>ContactService.add</methodName><params>"
                + "<param><value><string>placeholder</string></value></param>"
                + "<param><value><struct><member><name>FirstName</name><value><string>Cal</string></value></member>"
                + "</struct></value></param></params></methodCall>";

        String answer = post(sandbox, add).body();

        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<methodResponse><params><param><value><i4>101</i4></value></param></params></methodResponse>\n", answer);
        assertEquals(3, sandbox.contacts().size());
    }

    @Test
    @Order(4)
    void theNextTestStartsFromTheFileAgain(Sandbox sandbox) {
        assertEquals(2, sandbox.contacts().size());
    }
}
