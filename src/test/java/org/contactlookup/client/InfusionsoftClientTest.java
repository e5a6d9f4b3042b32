package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.ApiFaultException;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.RecordedCall;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InfusionsoftClientTest {
    private static final List<String> GUIDE_FIELDS = List.of("Id", "FirstName", "LastName");
    private static Sandbox sandbox;
    private static InfusionsoftClient client;

    @BeforeAll
    static void startSandbox() throws IOException {
        sandbox = Sandbox.builder().apiQuota(1000, 100_000).start();
        client = InfusionsoftClient.create(SandboxConnections.once(SandboxConnections.apiKey(sandbox)));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.clearCalls();
    }

    private RecordedCall onlyCall() {
        List<RecordedCall> calls = sandbox.calls();
        assertEquals(1, calls.size(), "calls the sandbox received");
        return calls.get(0);
    }

    @Test
    void legacyKeyTravelsAsFirstParameter() throws Exception {
        InfusionsoftClient.create(SandboxConnections.legacy(sandbox)).checkConnection();
        RecordedCall call = onlyCall();
        assertEquals("/api/xmlrpc", call.path());
        assertEquals("DataService.getAppSetting", call.method());
        assertEquals(List.of(sandbox.legacyKey(), "Application", "enabled"), call.params());
        assertNull(call.header("X-Keap-API-Key"));
        assertNull(call.header("Authorization"));
    }

    @Test
    void apiKeyTravelsInHeaderWithPlaceholderParameter() throws Exception {
        client.checkConnection();
        RecordedCall call = onlyCall();
        assertEquals("/crm/xmlrpc/v1", call.path());
        assertEquals(List.of("placeholder", "Application", "enabled"), call.params());
        assertEquals(sandbox.apiKey(), call.header("X-Keap-API-Key"));
        assertNull(call.header("Authorization"));
    }

    @Test
    void oauthTokenTravelsAsBearer() throws Exception {
        InfusionsoftClient.create(SandboxConnections.oauth(sandbox)).checkConnection();
        RecordedCall call = onlyCall();
        assertEquals("Bearer " + sandbox.oauthToken(), call.header("Authorization"));
        assertNull(call.header("X-Keap-API-Key"));
        assertEquals("placeholder", call.params().get(0));
    }

    @Test
    void checkConnectionReportsInvalidKey() {
        Connection wrong = Connection.of("wrong", "sandbox", AuthType.API_KEY, Secret.of("KeapAK-wrong"))
                .withEndpoint(sandbox.keapEndpoint(), sandbox.certificate());
        ApiFaultException e = assertThrows(ApiFaultException.class, () -> InfusionsoftClient.create(wrong).checkConnection());
        assertTrue(e.isInvalidKey());
        assertEquals(2, e.faultCode());
        assertEquals("InvalidKey", e.category().orElseThrow());
        assertEquals("Invalid Key", e.detail());
        assertEquals("DataService.getAppSetting failed with fault 2 [InvalidKey]: Invalid Key", e.getMessage());
    }

    @Test
    void wrongLegacyKeyGetsInvalidKeyFault() {
        Connection wrong = Connection.of("wrong", "sandbox", AuthType.LEGACY_KEY, Secret.of("not-the-key"))
                .withEndpoint(sandbox.legacyEndpoint(), sandbox.certificate());
        ApiFaultException e = assertThrows(ApiFaultException.class, () -> InfusionsoftClient.create(wrong).checkConnection());
        assertTrue(e.isInvalidKey());
    }

    @Test
    void checkConnectionReportsUnreachableServer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Connection nowhere = SandboxConnections.apiKey(sandbox)
                .withEndpoint(URI.create("https://localhost:" + closedPort + "/crm/xmlrpc/v1"), sandbox.certificate());
        NetworkException e = assertThrows(NetworkException.class, () -> InfusionsoftClient.create(nowhere).checkConnection());
        assertEquals(NetworkException.Kind.UNREACHABLE, e.kind());
        assertEquals("DataService.getAppSetting to localhost:" + closedPort + " could not connect: ConnectException", e.getMessage());
    }

    @Test
    void untrustedCertificateIsRefused() {
        Connection defaultTrust = SandboxConnections.apiKey(sandbox).withEndpoint(sandbox.keapEndpoint(), null);
        NetworkException e = assertThrows(NetworkException.class, () -> InfusionsoftClient.create(defaultTrust).checkConnection());
        assertEquals(NetworkException.Kind.TLS, e.kind());
        assertTrue(e.getMessage().endsWith("(a server whose certificate comes from a private CA needs that CA's PEM file in the "
                + "connection's trust setting)"), e.getMessage());
        assertTrue(sandbox.calls().isEmpty(), "nothing reached the server");
    }

    @Test
    void findByEmailReturnsTheGuideFields() throws Exception {
        List<Map<String, Object>> found = client.findByEmail(DemoContacts.JOHN, GUIDE_FIELDS);
        assertEquals(List.of(Map.of("Id", 3, "FirstName", "John", "LastName", "Doe")), found);
        assertEquals(List.of("placeholder", DemoContacts.JOHN, List.of("Id", "FirstName", "LastName")), onlyCall().params());
    }

    @Test
    void findByEmailIgnoresCase() throws Exception {
        assertEquals(List.of(Map.of("Id", 11)), client.findByEmail("mixed.case@example.com", List.of("Id")));
        assertEquals(List.of(Map.of("Id", 3)), client.findByEmail("JOHN.DOE@EXAMPLE.COM", List.of("Id")));
    }

    @Test
    void findByEmailSearchesSecondAddress() throws Exception {
        assertEquals(List.of(Map.of("Id", 5, "FirstName", "Jane")),
                client.findByEmail(DemoContacts.JANE_SECOND_ADDRESS, List.of("Id", "FirstName")));
    }

    @Test
    void findByEmailReturnsEveryContactSharingAnAddress() throws Exception {
        assertEquals(List.of(Map.of("Id", 7, "FirstName", "Sam"), Map.of("Id", 9, "FirstName", "Alex")),
                client.findByEmail(DemoContacts.SHARED, List.of("Id", "FirstName")));
    }

    @Test
    void findByEmailWithNoFieldsGivesJustId() throws Exception {
        assertEquals(List.of(Map.of("Id", 3)), client.findByEmail(DemoContacts.JOHN, List.of()));
    }

    @Test
    void findByEmailKeepsNonAsciiAndMarkupIntact() throws Exception {
        assertEquals(List.of(Map.of("FirstName", "Zoë", "LastName", "Ångström")),
                client.findByEmail(DemoContacts.NON_ASCII, List.of("FirstName", "LastName")));
        assertEquals(List.of(Map.of("FirstName", "<b>Bobby</b> & \"Bob\"", "LastName", "O'Brien <script>alert(1)</script>")),
                client.findByEmail(DemoContacts.MARKUP, List.of("FirstName", "LastName")));
    }

    @Test
    void findByEmailOfNobodyIsEmpty() throws Exception {
        assertEquals(List.of(), client.findByEmail(DemoContacts.NOBODY, GUIDE_FIELDS));
    }

    @Test
    void unknownFieldGetsTheApiFault() {
        ApiFaultException e = assertThrows(ApiFaultException.class,
                () -> client.findByEmail(DemoContacts.JOHN, List.of("Id", "ShoeSize")));
        assertEquals(10, e.faultCode());
        assertEquals("No field found: Contact.ShoeSize", e.detail());
    }

    @Test
    void addressesQuotedInAFaultAreShortenedInItsMessage() {
        sandbox.injectNext(Fault.raw("<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><i4>12</i4></value></member>"
                + "<member><name>faultString</name><value><string>[InvalidParameter]No contact for john.doe@example.com</string></value></member>"
                + "</struct></value></fault></methodResponse>"));
        ApiFaultException e = assertThrows(ApiFaultException.class, () -> client.findByEmail(DemoContacts.JOHN, GUIDE_FIELDS));
        assertEquals("ContactService.findByEmail failed with fault 12 [InvalidParameter]: No contact for j***@example.com", e.getMessage());
        assertEquals("No contact for john.doe@example.com", e.detail());
    }

    @Test
    void misuseFailsBeforeAnyCall() {
        assertEquals("the address is blank",
                assertThrows(IllegalArgumentException.class, () -> client.findByEmail(" ", GUIDE_FIELDS)).getMessage());
        assertEquals("the address is longer than 254 characters", assertThrows(IllegalArgumentException.class,
                () -> client.findByEmail("a".repeat(250) + "@b.com", GUIDE_FIELDS)).getMessage());
        assertEquals("'Id; DROP' is not a contact field name", assertThrows(IllegalArgumentException.class,
                () -> client.findByEmail(DemoContacts.JOHN, List.of("Id; DROP"))).getMessage());
        assertEquals(Optional.of("the address contains a control character"), client.problemWith("a\u0007@b.com"));
        assertEquals(Optional.empty(), client.problemWith(DemoContacts.JOHN));
        assertTrue(sandbox.calls().isEmpty());
    }

    @Test
    void genericCallAddsAndLoadsAContact() throws Exception {
        Object id = client.call("ContactService.add", Map.of("FirstName", "Ada", "Email", "ada@example.com"));
        assertTrue(id instanceof Integer);
        assertEquals(Map.of("Id", id, "FirstName", "Ada"), client.call("ContactService.load", id, new Object[] {"Id", "FirstName"}));
        assertEquals("hello", client.call("DataService.echo", "hello"));
    }

    @Test
    void loadOfMissingRecordGetsRecordNotFound() {
        ApiFaultException e = assertThrows(ApiFaultException.class,
                () -> client.call("ContactService.load", 999_999, new Object[] {"Id"}));
        assertEquals(5, e.faultCode());
        assertEquals("RecordNotFound", e.category().orElseThrow());
    }

    @Test
    void slowAnswerTimesOut() {
        InfusionsoftClient impatient = InfusionsoftClient.create(
                SandboxConnections.withReadTimeout(SandboxConnections.once(SandboxConnections.apiKey(sandbox)), Duration.ofMillis(300)));
        sandbox.injectNext(Fault.delay(Duration.ofMillis(1500)));
        long start = System.nanoTime();
        NetworkException e = assertThrows(NetworkException.class, impatient::checkConnection);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(NetworkException.Kind.TIMEOUT, e.kind());
        assertEquals("DataService.getAppSetting to localhost:" + sandbox.port() + " timed out: no whole answer within 300 ms", e.getMessage());
        assertTrue(millis < 1400, "gave up after " + millis + " ms, before the answer came");
    }

    @Test
    void droppedConnectionIsReportedAndAWriteIsSentOnce() {
        sandbox.injectNext(Fault.drop());
        NetworkException e = assertThrows(NetworkException.class,
                () -> client.call("ContactService.add", Map.of("FirstName", "Once")));
        assertEquals(NetworkException.Kind.CONNECTION_LOST, e.kind());
        assertEquals(1, sandbox.calls().size(), "the JDK must not repeat the POST");
    }

    @Test
    void serverErrorsKeepTheirStatus() {
        for (int status : new int[] {500, 503, 502}) {
            sandbox.injectNext(Fault.status(status));
            HttpStatusException e = assertThrows(HttpStatusException.class, client::checkConnection);
            assertEquals(status, e.status());
            assertEquals("DataService.getAppSetting to localhost:" + sandbox.port() + " failed: HTTP " + status, e.getMessage());
        }
    }

    @Test
    void gatewayThrottleIsRecognisedWithRetryAfter() {
        sandbox.injectNext(Fault.throttled("7"));
        ThrottledException e = assertThrows(ThrottledException.class, client::checkConnection);
        assertEquals(ThrottledException.Source.GATEWAY, e.source());
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertEquals("DataService.getAppSetting to localhost:" + sandbox.port()
                + " was throttled: HTTP 429 (QuotaViolation)", e.getMessage());
    }

    @Test
    void malformedXmlIsReportedAsSuch() {
        sandbox.injectNext(Fault.malformedXml());
        assertThrows(MalformedResponseException.class, client::checkConnection);
    }

    @Test
    void keapQuotaGives429ThrottledException() throws Exception {
        try (Sandbox strict = Sandbox.builder().apiQuota(2, 100).start()) {
            InfusionsoftClient limited = InfusionsoftClient.create(SandboxConnections.once(SandboxConnections.apiKey(strict)));
            limited.checkConnection();
            limited.checkConnection();
            ThrottledException e = assertThrows(ThrottledException.class, limited::checkConnection);
            assertEquals(ThrottledException.Source.GATEWAY, e.source());
            assertTrue(e.retryAfter().isEmpty());
        }
    }

    @Test
    void legacyCreditPoolGivesThrottledException() throws Exception {
        try (Sandbox strict = Sandbox.builder().legacyCredits(2, Duration.ofMinutes(1)).start()) {
            InfusionsoftClient limited = InfusionsoftClient.create(SandboxConnections.once(SandboxConnections.legacy(strict)));
            limited.checkConnection();
            limited.checkConnection();
            ThrottledException e = assertThrows(ThrottledException.class, limited::checkConnection);
            assertEquals(ThrottledException.Source.LEGACY_FAULT, e.source());
            assertEquals("DataService.getAppSetting to localhost:" + strict.port()
                    + " was throttled (legacy credit pool empty)", e.getMessage());
        }
    }

    @Test
    void logsOneLinePerCallWithoutSecretsOrWholeAddresses() throws Exception {
        Connection legacy = SandboxConnections.legacy(sandbox);
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            InfusionsoftClient.create(legacy).findByEmail(DemoContacts.JOHN, GUIDE_FIELDS);
            Connection wrong = Connection.of("wrong", "sandbox", AuthType.API_KEY, Secret.of("KeapAK-bad-key-123"))
                    .withEndpoint(sandbox.keapEndpoint(), sandbox.certificate());
            assertThrows(ApiFaultException.class, () -> InfusionsoftClient.create(wrong).findByEmail(DemoContacts.MARKUP, GUIDE_FIELDS));
            List<String> lines = log.lines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).matches("FINE legacy ContactService\\.findByEmail for j\\*\\*\\*@example\\.com ok in \\d+ ms"),
                    lines.get(0));
            assertTrue(lines.get(1).startsWith("FINE wrong ContactService.findByEmail for m***@example.com ApiFaultException: "),
                    lines.get(1));
            String all = String.join("\n", lines);
            assertFalse(all.contains(sandbox.legacyKey()) || all.contains("KeapAK-bad-key-123"));
            assertFalse(all.contains(DemoContacts.JOHN) || all.contains(DemoContacts.MARKUP));
        }
    }

    @Test
    void toStringNeverShowsTheKey() {
        Connection connection = SandboxConnections.apiKey(sandbox);
        assertFalse(connection.toString().contains(sandbox.apiKey()), connection.toString());
        assertTrue(connection.toString().contains("key=[hidden]"));
        assertFalse(client.toString().contains(sandbox.apiKey()));
    }
}
