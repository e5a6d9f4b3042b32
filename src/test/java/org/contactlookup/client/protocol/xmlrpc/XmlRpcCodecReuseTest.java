package org.contactlookup.client.protocol.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.SAXParser;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.testing.Tripwire;
import org.junit.jupiter.api.Test;

/** The codec reuses its parsers: answer after answer, after a malformed one, on many threads, still hardened. */
class XmlRpcCodecReuseTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse>";

    private static byte[] found(int id, String first, String email) {
        return (HEAD + "<params><param><value><array><data><value><struct>"
                + "<member><name>Id</name><value><i4>" + id + "</i4></value></member>"
                + "<member><name>FirstName</name><value><string>" + first + "</string></value></member>"
                + "<member><name>Email</name><value><string>" + email + "</string></value></member>"
                + "</struct></value></data></array></value></param></params></methodResponse>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Object[] expected(int id, String first, String email) {
        return new Object[] {Map.of("Id", id, "FirstName", first, "Email", email)};
    }

    private static byte[] fault(int code, String text, String extraMember) {
        return (HEAD + "<fault><value><struct>"
                + "<member><name>faultCode</name><value><i4>" + code + "</i4></value></member>"
                + "<member><name>faultString</name><value><string>" + text + "</string></value></member>"
                + extraMember + "</struct></value></fault></methodResponse>").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] xml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void manyAnswersInARowOnOneThreadEachDecodeToTheirOwnValue() throws Exception {
        ReaderPool pool = new ReaderPool(4, Long.MAX_VALUE);
        XmlRpcCodec codec = new XmlRpcCodec(pool);
        for (int i = 0; i < 500; i++) {
            if (i % 7 == 3) {
                assertEquals(new XmlRpcCodec.Fault(i, "[RecordNotFound]no " + i), codec.response("t", fault(i, "[RecordNotFound]no " + i, "")));
            } else if (i % 5 == 1) {
                assertArrayEquals(new Object[0], (Object[]) codec.response("t", xml(HEAD
                        + "<params><param><value><array><data></data></array></value></param></params></methodResponse>")));
            } else {
                assertArrayEquals(expected(i, "First" + i, i + "@example.com"),
                        (Object[]) codec.response("t", found(i, "First" + i, i + "@example.com")));
            }
        }
        assertEquals(1, pool.created(), "one parser served all 500 answers");
    }

    @Test
    void aMalformedAnswerIsFollowedByAGoodOneDecodedRight() throws Exception {
        ReaderPool pool = new ReaderPool(4, Long.MAX_VALUE);
        XmlRpcCodec codec = new XmlRpcCodec(pool);
        String[] malformed = {
            HEAD + "<params><param><value><array><data><value><struct><member><name>Id",
            HEAD + "<params><param><value><string>a</value></param></params></methodResponse>",
            HEAD + "<params><param><value><nil/></value></param></params></methodResponse>",
            HEAD + "<params><param><value><i4>seven</i4></value></param></params></methodResponse>",
            "<html><body>502 Bad Gateway</body></html>",
            "\u0000\u0001 not XML",
            "",
        };
        assertArrayEquals(expected(1, "Ann", "ann@example.com"), (Object[]) codec.response("t", found(1, "Ann", "ann@example.com")));
        for (int i = 0; i < malformed.length; i++) {
            byte[] bad = xml(malformed[i]);
            assertThrows(MalformedResponseException.class, () -> codec.response("t", bad), malformed[i]);
            assertArrayEquals(expected(100 + i, "Bo" + i, i + "@b.example"), (Object[]) codec.response("t", found(100 + i, "Bo" + i, i + "@b.example")));
        }
        assertEquals(1 + malformed.length, pool.created(), "each parser that met a malformed answer was dropped, the others reused");
    }

    @Test
    void severalThreadsAtOnceEachGetTheirOwnAnswers() throws Exception {
        int threads = 8;
        int answers = 300;
        ReaderPool pool = new ReaderPool(threads, Long.MAX_VALUE);
        XmlRpcCodec codec = new XmlRpcCodec(pool);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> right = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                right.add(executor.submit(() -> {
                    start.await();
                    int matches = 0;
                    for (int i = 0; i < answers; i++) {
                        int id = thread * 100_000 + i;
                        String first = "T" + thread + "n" + i;
                        Object decoded = codec.response("t", i % 10 == 9 ? fault(id, first, "") : found(id, first, first + "@x.example"));
                        Object wanted = i % 10 == 9 ? new XmlRpcCodec.Fault(id, first) : expected(id, first, first + "@x.example");
                        matches += Objects.deepEquals(wanted, decoded) ? 1 : 0;
                    }
                    return matches;
                }));
            }
            for (Future<Integer> thread : right) {
                assertEquals(answers, thread.get());
            }
        } finally {
            executor.shutdownNow();
        }
        assertTrue(pool.created() >= 1 && pool.created() <= threads, "parsers built: " + pool.created());
    }

    @Test
    void aReusedParserStillRefusesDoctypesEntitiesAndSerializedObjects() throws Exception {
        AtomicInteger dtdHits = new AtomicInteger();
        HttpServer dtdHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dtdHost.createContext("/", exchange -> {
            dtdHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        dtdHost.start();
        try {
            ReaderPool pool = new ReaderPool(4, Long.MAX_VALUE);
            XmlRpcCodec codec = new XmlRpcCodec(pool);
            for (int i = 0; i < 50; i++) {
                codec.response("t", found(i, "Warm", "w@example.com"));
            }
            byte[] doctype = xml("<?xml version=\"1.0\"?><!DOCTYPE methodResponse SYSTEM \"http://127.0.0.1:"
                    + dtdHost.getAddress().getPort() + "/evil.dtd\">"
                    + "<methodResponse><params><param><value><string>yes</string></value></param></params></methodResponse>");
            MalformedResponseException refused = assertThrows(MalformedResponseException.class, () -> codec.response("t", doctype));
            assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
            assertEquals(0, dtdHits.get());
            assertEquals(1, pool.created(), "the parser that refused the DOCTYPE had served 50 answers before");

            codec.response("t", found(1, "Warm", "w@example.com"));
            byte[] entity = xml(HEAD + "<params><param><value><string>&xxe;</string></value></param></params></methodResponse>");
            assertThrows(MalformedResponseException.class, () -> codec.response("t", entity));

            codec.response("t", found(2, "Warm", "w@example.com"));
            byte[] serializable = xml(HEAD + "<params><param><value><ex:serializable xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                    + Base64.getEncoder().encodeToString(Tripwire.serialized()) + "</ex:serializable></value></param></params></methodResponse>");
            assertThrows(MalformedResponseException.class, () -> codec.response("t", serializable));

            codec.response("t", found(3, "Warm", "w@example.com"));
            String cause = "<member><name>faultCause</name><value><base64>"
                    + Base64.getEncoder().encodeToString(Tripwire.serialized()) + "</base64></value></member>";
            assertEquals(new XmlRpcCodec.Fault(3, "[Unexpected]boom"), codec.response("t", fault(3, "[Unexpected]boom", cause)));
            assertFalse(Tripwire.TRIPPED.get());
            assertEquals(4, pool.created(), "one parser per refused answer, each reused before");
        } finally {
            dtdHost.stop(0);
        }
    }

    @Test
    void resetPutsBackEveryHardeningFeatureEvenOneTurnedOff() throws Exception {
        SAXParser parser = SecureXml.newParser();
        assertTrue(SecureXml.isHardened(parser.getXMLReader()));
        parser.getXMLReader().setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        parser.getXMLReader().setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", true);
        assertFalse(SecureXml.isHardened(parser.getXMLReader()));
        parser.reset();
        assertTrue(SecureXml.isHardened(parser.getXMLReader()));
    }

    @Test
    void aParserIsRetiredOnceItHasParsedItsBudget() throws Exception {
        int length = found(1, "Ann", "ann@example.com").length;
        ReaderPool pool = new ReaderPool(4, 10L * length);
        XmlRpcCodec codec = new XmlRpcCodec(pool);
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(expected(1, "Ann", "ann@example.com"), (Object[]) codec.response("t", found(1, "Ann", "ann@example.com")));
        }
        assertEquals(10, pool.created(), "each parser served 10 answers, which spent its budget");
    }
}
