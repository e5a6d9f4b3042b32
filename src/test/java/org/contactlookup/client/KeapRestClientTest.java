package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.errors.UnsearchableAddressException;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SeedContacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST v2 lookup against the sandbox: same answers as XML-RPC, paging, escaping, errors. */
class KeapRestClientTest {
    private static final List<String> FIELDS = List.of("Id", "FirstName", "LastName", "Email");
    /** The page size the client asks for, Keap's largest. */
    private static final int PAGE = 1000;
    /** One full page and one more: Ids 2001 to 3001. */
    private static final String PAGED = "paged@example.com";
    private static final String SINGLE = "single@example.com";
    private static Sandbox sandbox;
    /** Enough contacts to fill pages, and a next_page_token on every last page, as Keap may send. */
    private static Sandbox crowded;
    private static ContactLookup rest;
    private static ContactLookup xmlRpc;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().apiQuota(100_000, 1_000_000).start();
        crowded = Sandbox.builder().apiQuota(100_000, 1_000_000).nextTokenOnLastPage(true).contacts(crowd()).start();
        rest = ContactLookup.create(restConnection(sandbox.apiKey()));
        xmlRpc = ContactLookup.create(SandboxConnections.once(SandboxConnections.apiKey(sandbox)));
        // Addresses holding characters that mean something in a filter or a URL, each beside a decoy.
        for (String email : List.of("a+b@example.com", "ab@example.com", "100%real@example.com", "star*@example.com",
                "star-other@example.com", "semi;colon@example.com", "semi@example.com")) {
            ((InfusionsoftClient) xmlRpc).call("ContactService.add", Map.of("FirstName", "Edge", "Email", email));
        }
    }

    @AfterAll
    static void stop() {
        rest.close();
        sandbox.close();
        crowded.close();
    }

    @BeforeEach
    void clear() {
        sandbox.clearCalls();
        sandbox.clearFaults();
        crowded.clearCalls();
    }

    private static Connection restConnection(String key) {
        return restConnection(sandbox, key);
    }

    private static Connection restConnection(Sandbox server, String key) {
        return SandboxConnections.once(Connection.of("rest", "sandbox", AuthType.API_KEY, Secret.of(key))
                .withProtocol(Protocol.REST).withEndpoint(server.restEndpoint(), server.certificate()));
    }

    /** 1,001 contacts at {@link #PAGED}, 2,001 whose addresses start with {@code many}, and one at {@link #SINGLE}. */
    private static SeedContacts crowd() {
        List<Map<String, Object>> contacts = new ArrayList<>();
        IntStream.rangeClosed(2001, 3001).forEach(id -> contacts.add(Map.of("Id", id, "FirstName", "Paged", "Email", PAGED)));
        IntStream.rangeClosed(4001, 6001).forEach(id -> contacts.add(Map.of("Id", id, "FirstName", "Many", "Email", "many" + id + "@example.com")));
        contacts.add(Map.of("Id", 7001, "FirstName", "Single", "Email", SINGLE));
        return SeedContacts.of(contacts);
    }

    @ParameterizedTest
    @ValueSource(strings = {DemoContacts.JOHN, DemoContacts.JANE_SECOND_ADDRESS, DemoContacts.SHARED, "MIXED.case@example.com",
            DemoContacts.NON_ASCII, DemoContacts.MARKUP, DemoContacts.NOBODY})
    void answersExactlyAsXmlRpcDoes(String email) throws Exception {
        assertEquals(xmlRpc.findByEmail(email, FIELDS), rest.findByEmail(email, FIELDS));
    }

    @Test
    void guideFieldsMapBothWays() throws Exception {
        assertEquals(List.of(Map.of("Id", 5, "FirstName", "Jane", "LastName", "Roe", "Email", "jane.roe@example.com",
                        "EmailAddress2", "jroe@example.org")),
                rest.findByEmail(DemoContacts.JANE_SECOND_ADDRESS, List.of("Id", "FirstName", "LastName", "Email", "EmailAddress2")));
        assertEquals(List.of(Map.of("Id", 3)), rest.findByEmail(DemoContacts.JOHN, List.of()));
    }

    @Test
    void requestCarriesTheKeyInAHeaderAndTheFilterInTheQuery() throws Exception {
        rest.findByEmail(DemoContacts.JOHN, FIELDS);
        RecordedCall call = sandbox.calls().get(0);
        assertEquals("/crm/rest/v2/contacts", call.path());
        assertEquals(sandbox.apiKey(), call.header("X-Keap-API-Key"));
        assertNull(call.header("Authorization"));
        assertEquals(List.of("filter=email==john.doe@example.com", "fields=id,email_addresses,given_name,family_name",
                "page_size=1000"), call.params());
        assertFalse(call.params().toString().contains(sandbox.apiKey()));
    }

    @Test
    void oauthTokenTravelsAsBearer() throws Exception {
        Connection oauth = SandboxConnections.once(Connection.of("rest-oauth", "sandbox", AuthType.OAUTH2,
                Secret.of(sandbox.oauthToken())).withProtocol(Protocol.REST).withEndpoint(sandbox.restEndpoint(), sandbox.certificate()));
        try (ContactLookup client = ContactLookup.create(oauth)) {
            client.checkConnection();
        }
        assertEquals("Bearer " + sandbox.oauthToken(), sandbox.calls().get(0).header("Authorization"));
        assertEquals(List.of("page_size=1", "fields=id"), sandbox.calls().get(0).params());
    }

    @Test
    void aFullPageIsFollowedAndAShorterOneEndsTheListingWhateverItsTokenSays() throws Exception {
        try (ContactLookup client = ContactLookup.create(restConnection(crowded, crowded.apiKey()))) {
            List<Object> ids = client.findByEmail(PAGED, List.of("Id")).stream().map(c -> c.get("Id")).toList();
            assertEquals(IntStream.rangeClosed(2001, 3001).boxed().toList(), ids);
        }
        List<RecordedCall> calls = crowded.calls();
        assertEquals(2, calls.size(), "1,000 contacts, then the last one on a page that still names a next page");
        assertEquals("page_size=" + PAGE, calls.get(0).params().get(2));
        assertTrue(calls.get(1).params().get(3).toString().startsWith("page_token="), calls.get(1).params().toString());
    }

    @Test
    void aShortFirstPageIsTheOnlyCallWhateverItsTokenSays() throws Exception {
        try (ContactLookup client = ContactLookup.create(restConnection(crowded, crowded.apiKey()))) {
            assertEquals(List.of(Map.of("Id", 7001)), client.findByEmail(SINGLE, List.of("Id")));
        }
        assertEquals(1, crowded.calls().size());
    }

    @Test
    void plusAndPercentAreSentEncodedAndMatchedExactly() throws Exception {
        assertEquals(List.of("a+b@example.com"), emails(rest.findByEmail("a+b@example.com", List.of("Email"))));
        assertEquals("filter=email==a+b@example.com", sandbox.calls().get(0).params().get(0));
        sandbox.clearCalls();
        assertEquals(List.of("100%real@example.com"), emails(rest.findByEmail("100%real@example.com", List.of("Email"))));
        assertEquals("filter=email==100%real@example.com", sandbox.calls().get(0).params().get(0));
    }

    @Test
    void filterSyntaxInAnAddressIsNeverSentAndOnlyTheExactAddressMatches() throws Exception {
        assertEquals(List.of("star*@example.com"), emails(rest.findByEmail("star*@example.com", List.of("Email"))));
        assertEquals("filter=email==star*", sandbox.calls().get(0).params().get(0), "a prefix search for the part before '*'");
        sandbox.clearCalls();
        assertEquals(List.of("semi;colon@example.com"), emails(rest.findByEmail("SEMI;colon@example.com", List.of("Email"))));
        assertEquals("filter=email==SEMI*", sandbox.calls().get(0).params().get(0), "no ';' reaches the filter");
        assertEquals("an address starting with '*' cannot be searched exactly over REST v2",
                assertThrows(IllegalArgumentException.class, () -> rest.findByEmail("*@example.com", List.of("Email"))).getMessage());
    }

    @Test
    void unknownFieldsFailBeforeAnyCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rest.findByEmail(DemoContacts.JOHN, List.of("Id", "ShoeSize")));
        assertEquals("field 'ShoeSize' has no REST v2 counterpart here; use Id, FirstName, LastName, MiddleName, JobTitle, "
                + "Email, EmailAddress2, EmailAddress3", e.getMessage());
        assertTrue(sandbox.calls().isEmpty());
    }

    @Test
    void wrongKeyIsAKeyRefusedHttpStatusWithoutAMadeUpFaultCode() {
        try (ContactLookup wrong = ContactLookup.create(restConnection("KeapAK-wrong"))) {
            HttpStatusException e = assertThrows(HttpStatusException.class, wrong::checkConnection);
            assertTrue(e.isKeyRefused());
            assertEquals(401, e.status());
            assertEquals("REST GET contacts to localhost:" + sandbox.port() + " failed: HTTP 401: Invalid API key or access token",
                    e.getMessage());
        }
    }

    @Test
    void bothThrottleShapesAreThrottledExceptions() {
        sandbox.injectNext(Fault.restThrottled("3"));
        ThrottledException v2 = assertThrows(ThrottledException.class, rest::checkConnection);
        assertEquals(ThrottledException.Source.GATEWAY, v2.source());
        assertEquals(3, v2.retryAfter().orElseThrow().toSeconds());
        sandbox.injectNext(Fault.throttled(null));
        ThrottledException gateway = assertThrows(ThrottledException.class, rest::checkConnection);
        assertTrue(gateway.getMessage().endsWith("was throttled: HTTP 429 (QuotaViolation)"), gateway.getMessage());
    }

    @Test
    void otherErrorsAreHttpStatusesWithTheirOwnWords() {
        sandbox.injectNext(new Fault.Status(400, "application/json", "{\"code\":\"400\",\"message\":\"Invalid filter\",\"status\":\"Bad Request\"}", null));
        HttpStatusException bad = assertThrows(HttpStatusException.class, rest::checkConnection);
        assertEquals(400, bad.status());
        assertFalse(bad.isKeyRefused());
        assertEquals("REST GET contacts to localhost:" + sandbox.port() + " failed: HTTP 400: Invalid filter", bad.getMessage());
        sandbox.injectNext(Fault.status(500));
        assertEquals(500, assertThrows(HttpStatusException.class, rest::checkConnection).status());
        sandbox.injectNext(Fault.malformedXml());
        assertThrows(MalformedResponseException.class, rest::checkConnection);
        // The JDK resends a GET once by itself when a reused connection drops; a fresh one that drops is final.
        sandbox.clearCalls();
        sandbox.injectNext(Fault.drop());
        sandbox.injectNext(Fault.drop());
        assertEquals(NetworkException.Kind.CONNECTION_LOST, assertThrows(NetworkException.class, rest::checkConnection).kind());
        assertEquals(2, sandbox.calls().size());
    }

    @Test
    void readsAreRetriedUnderTheSamePolicy() throws Exception {
        Connection retrying = restConnection(sandbox.apiKey());
        retrying = retrying.withPolicy(retrying.policy().withAttempts(3));
        try (ContactLookup client = ContactLookup.create(retrying)) {
            sandbox.injectNext(Fault.status(503));
            client.checkConnection();
        }
        assertEquals(2, sandbox.calls().size());
    }

    @Test
    void untrustedCertificateIsRefused() {
        Connection defaultTrust = restConnection(sandbox.apiKey()).withEndpoint(sandbox.restEndpoint(), null);
        try (ContactLookup client = ContactLookup.create(defaultTrust)) {
            assertEquals(NetworkException.Kind.TLS, assertThrows(NetworkException.class, client::checkConnection).kind());
        }
    }

    @Test
    void legacyKeyCannotUseRest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SandboxConnections.legacy(sandbox).withProtocol(Protocol.REST));
        assertEquals("the legacy key (type i) works only over XML-RPC; use a Keap API key (k) or an OAuth2 token (o) for REST",
                e.getMessage());
    }

    @Test
    void pagingStopsAtAnEmptyPageWhateverTheTokenSays() throws Exception {
        sandbox.injectNext(Fault.raw("{\"contacts\":[],\"next_page_token\":\"more\"}"));
        assertEquals(List.of(), rest.findByEmail(DemoContacts.JOHN, FIELDS));
        assertEquals(1, sandbox.calls().size());
    }

    @Test
    void pagingStopsAtATokenItHasSeenBefore() throws Exception {
        String john = "{\"id\":\"3\",\"email_addresses\":[{\"email\":\"john.doe@example.com\",\"field\":\"EMAIL1\"}]}";
        sandbox.injectNext(Fault.raw(fullPage(john, "t1")));
        sandbox.injectNext(Fault.raw(fullPage(null, "t1")));
        assertEquals(List.of(3), rest.findByEmail(DemoContacts.JOHN, List.of("Id")).stream().map(c -> c.get("Id")).toList());
        assertEquals(2, sandbox.calls().size());
    }

    @Test
    void aPrefixSearchThatWouldNeedAThirdPageIsRefusedAfterTwoCalls() throws Exception {
        try (ContactLookup client = ContactLookup.create(restConnection(crowded, crowded.apiKey()))) {
            UnsearchableAddressException e = assertThrows(UnsearchableAddressException.class,
                    () -> client.findByEmail("many;1@example.com", FIELDS));
            assertEquals("its search over REST v2 matches more contacts than 2 pages hold, too many to look it up exactly", e.getMessage());
        }
        assertEquals(2, crowded.calls().size(), "a lookup spends at most two calls");
    }

    /** A page of {@link #PAGE} contacts: {@code first} (when not null), then others at other addresses. */
    private static String fullPage(String first, String nextToken) {
        List<String> contacts = new ArrayList<>();
        if (first != null) {
            contacts.add(first);
        }
        for (int id = 10_000; contacts.size() < PAGE; id++) {
            contacts.add("{\"id\":\"" + id + "\",\"email_addresses\":[{\"email\":\"other" + id + "@example.com\",\"field\":\"EMAIL1\"}]}");
        }
        return "{\"contacts\":[" + String.join(",", contacts) + "],\"next_page_token\":\"" + nextToken + "\"}";
    }

    private static List<Object> emails(List<Map<String, Object>> contacts) {
        return contacts.stream().map(c -> c.get("Email")).toList();
    }
}
