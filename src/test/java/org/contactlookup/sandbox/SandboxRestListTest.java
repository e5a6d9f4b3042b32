package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** REST v2's contact list: the documented filters, order_by, and times as UTC instants. */
class SandboxRestListTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(b -> b.apiQuota(1000, 100_000));

    private static HttpResponse<String> list(String query) throws Exception {
        return list(SANDBOX.get(), query);
    }

    private static HttpResponse<String> list(Sandbox sandbox, String query) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.restEndpoint() + "/contacts?" + query))
                .header("X-Keap-API-Key", sandbox.apiKey()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The ids listed, in order, joined by commas. */
    @SuppressWarnings("unchecked")
    private static String ids(String query) throws Exception {
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) JSON.std.mapFrom(list(query + "&fields=id").body()).get("contacts");
        return contacts.stream().map(c -> (String) c.get("id")).collect(Collectors.joining(","));
    }

    @Test
    void givenNameFiltersByExactNameOrPrefixIgnoringCase() throws Exception {
        assertEquals("3", ids("filter=given_name%3D%3Djohn"));
        assertEquals("3,5", ids("filter=given_name%3D%3DJ%2A"));
    }

    @Test
    void familyNameFiltersAndConditionsJoinWithSemicolons() throws Exception {
        assertEquals("7,9", ids("filter=family_name%3D%3DLee"));
        assertEquals("9", ids("filter=family_name%3D%3DLee%3Bgiven_name%3D%3DAl%2A"));
    }

    @Test
    void orderByTakesAFieldAndADirection() throws Exception {
        assertEquals("15,13,11,9,7,5,3", ids("order_by=create_time%20desc"));
        assertEquals("5,7,9,11,13,15,3", ids("order_by=update_time"));
        assertEquals("7,9,5,3,15,11,13", ids("order_by=email+asc"));
        assertEquals("15,13,11,9,7,5,3", ids("order_by=id+desc"));
    }

    @Test
    void createAndUpdateTimesAreUtcInstants() throws Exception {
        assertEquals("{\"contacts\":[{\"id\":\"3\",\"create_time\":\"2024-01-15T14:30:00Z\",\"update_time\":\"2025-02-01T15:00:00Z\"}],"
                + "\"next_page_token\":\"\"}", list("filter=email%3D%3Djohn.doe%40example.com&fields=id,create_time,update_time").body());
    }

    @Test
    void withoutTheSwitchTheLastPageHasAnEmptyToken() throws Exception {
        assertEquals("{\"contacts\":[{\"id\":\"7\"},{\"id\":\"9\"}],\"next_page_token\":\"\"}",
                list("filter=email%3D%3Dfamily%40example.com&fields=id").body());
    }

    @Test
    void theLastPageCanNameANextPageAsKeapsMayAndThatPageIsEmpty() throws Exception {
        try (Sandbox keapLike = Sandbox.builder().nextTokenOnLastPage(true).start()) {
            assertEquals("{\"contacts\":[{\"id\":\"7\"},{\"id\":\"9\"}],\"next_page_token\":\"b2Zmc2V0OjI\"}",
                    list(keapLike, "filter=email%3D%3Dfamily%40example.com&fields=id").body());
            assertEquals("{\"contacts\":[],\"next_page_token\":\"b2Zmc2V0OjI\"}",
                    list(keapLike, "filter=email%3D%3Dfamily%40example.com&fields=id&page_token=b2Zmc2V0OjI").body());
        }
    }

    @Test
    void anOrderOutsideTheDocumentedOnesIsABadRequest() throws Exception {
        HttpResponse<String> answer = list("order_by=given_name");

        assertEquals(400, answer.statusCode());
        assertEquals("{\"code\":\"400\",\"message\":\"Invalid order_by: given_name\",\"status\":\"Bad Request\"}", answer.body());
    }

    @Test
    void aFilterOnAnUndocumentedFieldIsABadRequest() throws Exception {
        HttpResponse<String> answer = list("filter=company%3D%3DAcme");

        assertEquals(400, answer.statusCode());
        assertEquals("{\"code\":\"400\",\"message\":\"Invalid filter: company==Acme\",\"status\":\"Bad Request\"}", answer.body());
    }
}
