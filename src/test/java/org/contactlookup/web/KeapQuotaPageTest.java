package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keap's own counts bound the page: for keys the day belongs to the account, so another
 * integration on it can spend what this app counted as its own. The page then stops where Keap
 * says, names the time the day comes back, and never meets a 429.
 */
class KeapQuotaPageTest {
    private static final int DAY = 45;
    private static final int SPENT_BY_THE_OTHER = 34;

    /** Another integration on the account: the sandbox's second key, at well under its 10 calls a second. */
    private static void spendWithTheSecondKey(Sandbox sandbox, int calls) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(sandbox.trust()).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.restEndpoint() + "/contacts?page_size=1"))
                .header("X-Keap-API-Key", sandbox.secondApiKey()).build();
        for (int i = 0; i < calls; i++) {
            assertEquals(200, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            Thread.sleep(120);
        }
    }

    private static long callsWithTheAppsKey(Sandbox sandbox) {
        return sandbox.calls().stream().filter(c -> sandbox.apiKey().equals(c.header("x-keap-api-key"))).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sandbox", "sandbox-rest"})
    void whenAnotherIntegrationSpendsTheDayThePageMakesOnlyTheCallsKeapSaysAreLeft(String connection) throws Exception {
        try (AppUnderTest app = AppUnderTest.start(Sandbox.builder().apiQuota(10, 240, DAY).start(), connection)) {
            AppUnderTest.awaitHealth(app.tomcat, 200);
            long beforeTheOther = callsWithTheAppsKey(app.sandbox); // the connection check
            spendWithTheSecondKey(app.sandbox, SPENT_BY_THE_OTHER);
            int left = DAY - (int) beforeTheOther - SPENT_BY_THE_OTHER;
            assertEquals(10, left);

            WebSession visitor = new WebSession(app.tomcat.base());
            visitor.openForm();
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < left + 3; i++) {
                last = visitor.lookUp(DemoContacts.JOHN, "John", "Doe");
                statuses.add(last.statusCode());
                Thread.sleep(120);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < left + 3; i++) {
                expected.add(i < left ? 200 : 503);
            }
            assertEquals(expected, statuses, "ten lookups, then Keap's count says the day is spent");
            assertEquals(beforeTheOther + left, callsWithTheAppsKey(app.sandbox), "no call past what Keap said was left");
            assertEquals(0, app.sandbox.counters().throttled(), "the sandbox refused nothing");

            String midnight = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(
                    LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertTrue(last.body().contains("Lookups work again from " + midnight + " UTC."), last.body());
            assertTrue(last.headers().firstValue("Retry-After").isPresent());

            String health = new WebSession(app.tomcat.base()).get(app.tomcat.base().resolve("health")).body();
            assertTrue(health.contains(",\"keap\":{\"dayLeft\":0,\"dayResetsAt\":\""
                    + LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z\",\"minuteLeft\":"), health);
        }
    }
}
