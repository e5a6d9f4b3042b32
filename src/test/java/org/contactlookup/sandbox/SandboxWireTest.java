package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bytes on the wire: the XML-RPC types the sandbox writes, and each request recorded exactly
 * as it came, parsed and raw.
 */
class SandboxWireTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(b -> b.apiQuota(1000, 100_000));

    private Sandbox sandbox;

    @BeforeEach
    void start(Sandbox sandbox) {
        this.sandbox = sandbox;
        sandbox.clearCalls();
    }

    private static String call(String method, String... params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                .append("</methodName><params><param><value><string>placeholder</string></value></param>");
        for (String param : params) {
            xml.append("<param><value>").append(param).append("</value></param>");
        }
        return xml.append("</params></methodCall>").toString();
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        HttpRequest request = HttpRequest.newBuilder(sandbox.keapEndpoint())
                .header("X-Keap-API-Key", sandbox.apiKey()).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aStructIsWrittenWithI4StringAndDateTimeMembersInTheOrderAskedFor() throws Exception {
        HttpResponse<String> answer = post(call("ContactService.load", "<int>3</int>",
                "<array><data><value>DateCreated</value><value>FirstName</value><value>Id</value></data></array>"));

        assertEquals(HEAD + "<methodResponse><params><param><value><struct>"
                + "<member><name>DateCreated</name><value><dateTime.iso8601>20240115T09:30:00</dateTime.iso8601></value></member>"
                + "<member><name>FirstName</name><value><string>John</string></value></member>"
                + "<member><name>Id</name><value><i4>3</i4></value></member>"
                + "</struct></value></param></params></methodResponse>\n", answer.body());
    }

    @Test
    void aDateTimeSentComesBackAsADateTimeNotAString() throws Exception {
        String id = post(call("ContactService.add", "<struct><member><name>Birthday</name>"
                + "<value><dateTime.iso8601>19851210T00:00:00</dateTime.iso8601></value></member></struct>")).body()
                .replaceAll("(?s).*<i4>(\\d+)</i4>.*", "$1");

        String loaded = post(call("ContactService.load", "<i4>" + id + "</i4>",
                "<array><data><value><string>Birthday</string></value></data></array>")).body();

        assertEquals(HEAD + "<methodResponse><params><param><value><struct>"
                + "<member><name>Birthday</name><value><dateTime.iso8601>19851210T00:00:00</dateTime.iso8601></value></member>"
                + "</struct></value></param></params></methodResponse>\n", loaded);
    }

    @Test
    void booleansAreWrittenAsOneOrZero() throws Exception {
        assertEquals(HEAD + "<methodResponse><params><param><value><boolean>1</boolean></value></param></params></methodResponse>\n",
                post(call("ContactService.addToGroup", "<int>3</int>", "<int>91</int>")).body());
        assertEquals(HEAD + "<methodResponse><params><param><value><boolean>0</boolean></value></param></params></methodResponse>\n",
                post(call("APIEmailService.optIn", "<string>" + DemoContacts.NOBODY + "</string>", "<string>why</string>")).body());
    }

    @Test
    void aFaultIsAStructOfAnIntCodeAndAString() throws Exception {
        assertEquals(HEAD + "<methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><i4>9</i4></value></member>"
                + "<member><name>faultString</name><value><string>[NoTableFound]No table found: Job</string></value></member>"
                + "</struct></value></fault></methodResponse>\n",
                post(call("DataService.load", "<string>Job</string>", "<int>1</int>", "<array><data></data></array>")).body());
    }

    @Test
    void eachRequestIsRecordedWithItsExactBytesRequestLineAndHeaders() throws Exception {
        String body = call("DataService.echo", "<string>caf\u00e9 &amp; cr\u00e8me</string>");

        post(body);

        RecordedCall recorded = sandbox.calls().get(0);
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), recorded.body());
        assertEquals(body, recorded.bodyText());
        assertEquals("POST /crm/xmlrpc/v1 HTTP/1.1", recorded.requestLine());
        assertEquals(List.of(sandbox.apiKey()), recorded.headers().get("x-keap-api-key"));
        assertEquals("text/xml", recorded.header("Content-Type"));
        assertEquals(List.of("placeholder", "caf\u00e9 & cr\u00e8me"), recorded.params());
    }

    @Test
    void aRecordedDateTimeParameterIsALocalDateTime() throws Exception {
        post(call("DataService.echo", "<dateTime.iso8601>20260302T10:04:05</dateTime.iso8601>"));

        assertEquals(List.of("placeholder", LocalDateTime.of(2026, 3, 2, 10, 4, 5)), sandbox.calls().get(0).params());
    }

    @Test
    void aRestListingIsRecordedWithItsEncodedRequestLineAndAnEmptyBody() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        client.send(HttpRequest.newBuilder(URI.create(sandbox.restEndpoint() + "/contacts?filter=given_name%3D%3DJo%2A&fields=id"))
                .header("X-Keap-API-Key", sandbox.apiKey()).build(), HttpResponse.BodyHandlers.discarding());

        RecordedCall recorded = sandbox.calls().get(0);
        assertEquals("GET /crm/rest/v2/contacts?filter=given_name%3D%3DJo%2A&fields=id HTTP/1.1", recorded.requestLine());
        assertEquals(List.of("filter=given_name==Jo*", "fields=id"), recorded.params());
        assertArrayEquals(new byte[0], recorded.body());
    }
}
