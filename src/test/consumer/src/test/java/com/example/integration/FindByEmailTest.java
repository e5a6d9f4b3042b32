package com.example.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One sandbox for the class, with the demo contacts; a plain HTTP client stands in for yours. */
class FindByEmailTest {
    @RegisterExtension
    static SandboxExtension sandbox = SandboxExtension.perClass();

    static String findByEmail(String email) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>ContactService.findByEmail</methodName><params>"
                + "<param><value><string>placeholder</string></value></param>"
                + "<param><value><string>" + email + "</string></value></param>"
                + "<param><value><array><data><value><string>FirstName</string></value></data></array></value></param>"
                + "</params></methodCall>";
    }

    @Test
    void findsTheGuidesJohnDoe(Sandbox sandbox) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        HttpRequest request = HttpRequest.newBuilder(sandbox.keapEndpoint())
                .header("X-Keap-API-Key", sandbox.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(findByEmail("john.doe@example.com")))
                .build();

        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<member><name>FirstName</name><value><string>John</string></value></member>"), answer.body());
        assertEquals(findByEmail("john.doe@example.com"), sandbox.calls().get(0).bodyText());
        assertEquals(sandbox.apiKey(), sandbox.calls().get(0).header("X-Keap-API-Key"));
    }
}
