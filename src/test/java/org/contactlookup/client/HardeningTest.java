package org.contactlookup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcSun15HttpTransportFactory;
import org.contactlookup.client.errors.ApiFaultException;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.transport.TrustMaterial;
import org.contactlookup.sandbox.Fault;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.testing.Tripwire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The library's known holes (FACTS §7), each shown open in the stock library and closed in ours,
 * so that every test here would fail if our hardening went away.
 */
class HardeningTest {
    private static Sandbox sandbox;
    private static HttpServer dtdHost;
    private static final AtomicInteger DTD_HITS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.builder().start();
        dtdHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dtdHost.createContext("/", exchange -> {
            DTD_HITS.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        dtdHost.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        dtdHost.stop(0);
    }

    @BeforeEach
    void reset() {
        Tripwire.TRIPPED.set(false);
        DTD_HITS.set(0);
    }

    private static String faultWithCause() throws IOException {
        return "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><i4>3</i4></value></member>"
                + "<member><name>faultString</name><value><string>[Unexpected]boom</string></value></member>"
                + "<member><name>faultCause</name><value><base64>"
                + Base64.getEncoder().encodeToString(Tripwire.serialized())
                + "</base64></value></member></struct></value></fault></methodResponse>";
    }

    private static String doctypeResponse() {
        return "<?xml version=\"1.0\"?><!DOCTYPE methodResponse SYSTEM \"http://127.0.0.1:"
                + dtdHost.getAddress().getPort() + "/evil.dtd\">"
                + "<methodResponse><params><param><value><string>yes</string></value></param></params></methodResponse>";
    }

    private static String serializableExtension() throws IOException {
        return "<?xml version=\"1.0\"?><methodResponse><params><param><value>"
                + "<ex:serializable xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                + Base64.getEncoder().encodeToString(Tripwire.serialized())
                + "</ex:serializable></value></param></params></methodResponse>";
    }

    private static InfusionsoftClient ours() {
        return InfusionsoftClient.create(SandboxConnections.apiKey(sandbox));
    }

    /** The library as it comes, with only the sandbox's certificate trusted. */
    private static Object callStockLibrary() throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(sandbox.keapEndpoint().toURL());
        XmlRpcClient stock = new XmlRpcClient();
        stock.setConfig(config);
        XmlRpcSun15HttpTransportFactory factory = new XmlRpcSun15HttpTransportFactory(stock);
        factory.setSSLSocketFactory(TrustMaterial.sslContext(SandboxConnections.apiKey(sandbox)).getSocketFactory());
        stock.setTransportFactory(factory);
        return stock.execute("DataService.getAppSetting", new Object[] {"placeholder", "Application", "enabled"});
    }

    @Test
    void stockLibraryDeserializesFaultCause() throws Exception {
        sandbox.injectNext(Fault.raw(faultWithCause()));
        assertThrows(XmlRpcException.class, HardeningTest::callStockLibrary);
        assertTrue(Tripwire.TRIPPED.get(), "the hole this project closes is really there");
    }

    @Test
    void faultCauseIsNeverDeserialized() throws Exception {
        sandbox.injectNext(Fault.raw(faultWithCause()));
        ApiFaultException e = assertThrows(ApiFaultException.class, () -> ours().checkConnection());
        assertFalse(Tripwire.TRIPPED.get());
        assertEquals(3, e.faultCode());
        assertEquals("boom", e.detail());
        assertEquals(null, e.getCause());
    }

    @Test
    void stockLibraryFetchesExternalDtd() throws Exception {
        sandbox.injectNext(Fault.raw(doctypeResponse()));
        try {
            callStockLibrary();
        } catch (XmlRpcException expected) {
            // the empty DTD may or may not parse; the fetch is what matters
        }
        assertEquals(1, DTD_HITS.get(), "the hole this project closes is really there");
    }

    @Test
    void doctypeIsRefusedAndNothingIsFetched() {
        sandbox.injectNext(Fault.raw(doctypeResponse()));
        MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> ours().checkConnection());
        assertEquals(0, DTD_HITS.get());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void serializableExtensionIsRefused() throws Exception {
        sandbox.injectNext(Fault.raw(serializableExtension()));
        assertThrows(MalformedResponseException.class, () -> ours().checkConnection());
        assertFalse(Tripwire.TRIPPED.get());
    }

    @Test
    void plainHttpEndpointIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SandboxConnections.apiKey(sandbox).withEndpoint(URI.create("http://localhost:8080/crm/xmlrpc/v1"), null));
        assertEquals("endpoint 'http://localhost:8080/crm/xmlrpc/v1' must use https: Infusionsoft refuses plain http", e.getMessage());
    }

    @Test
    void endpointThatCouldCarryAKeyIsRefused() {
        for (String url : new String[] {"https://user:secret@localhost/x", "https://localhost/x?key=secret"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SandboxConnections.apiKey(sandbox).withEndpoint(URI.create(url), null));
            assertEquals("endpoint must not carry user info, a query or a fragment", e.getMessage());
        }
    }
}
