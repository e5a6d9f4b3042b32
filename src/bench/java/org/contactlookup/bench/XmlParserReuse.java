package org.contactlookup.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.parser.XmlRpcResponseParser;
import org.contactlookup.client.protocol.xmlrpc.SecureXml;
import org.contactlookup.client.protocol.xmlrpc.XmlRpcCodec;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * What decoding one typical findByEmail answer costs with a new hardened parser per answer (the
 * codec before parsers were pooled) and with the codec's pooled parsers, on one thread. Rounds of
 * each alternate after a warm-up; every decoded answer is checked. Run on purpose:
 * {@code mvn -q -B -o test-compile exec:java -Dexec.mainClass=org.contactlookup.bench.XmlParserReuse
 * [-Dexec.args="ANSWERS ROUNDS"]} (defaults 20000 answers per round, 5 rounds of each way).
 */
public final class XmlParserReuse {
    /** As the sandbox writes it: one contact with the lookup page's four fields. */
    private static final byte[] ANSWER = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param>"
            + "<value><array><data><value><struct>"
            + "<member><name>Id</name><value><i4>4213</i4></value></member>"
            + "<member><name>FirstName</name><value><string>Margaret</string></value></member>"
            + "<member><name>LastName</name><value><string>Hamilton-Okafor</string></value></member>"
            + "<member><name>Email</name><value><string>margaret.hamilton-okafor@example.com</string></value></member>"
            + "</struct></value></data></array></value>"
            + "</param></params></methodResponse>\n").getBytes(StandardCharsets.UTF_8);
    private static final Object[] EXPECTED = {Map.of("Id", 4213, "FirstName", "Margaret", "LastName", "Hamilton-Okafor",
            "Email", "margaret.hamilton-okafor@example.com")};

    private final XmlRpcClient library = new XmlRpcClient();
    private final XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    private final XmlRpcCodec codec = new XmlRpcCodec();

    private XmlParserReuse() {
        config.setEncoding("UTF-8");
        config.setEnabledForExtensions(false);
        library.setConfig(config);
    }

    /** The codec's reading as it was: a new hardened reader for every answer. */
    private Object newParserEachTime(byte[] body) throws Exception {
        XmlRpcResponseParser parser = new XmlRpcResponseParser(config, library.getTypeFactory());
        XMLReader reader = SecureXml.newReader();
        reader.setContentHandler(parser);
        reader.parse(new InputSource(new ByteArrayInputStream(body)));
        return parser.getResult();
    }

    private interface Decoder {
        Object decode(byte[] body) throws Exception;
    }

    /** Microseconds per answer over {@code answers} answers. */
    private static double run(Decoder decoder, int answers) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < answers; i++) {
            if (!Objects.deepEquals(EXPECTED, decoder.decode(ANSWER))) {
                throw new AssertionError("answer " + i + " decoded wrong");
            }
        }
        return (System.nanoTime() - start) / 1_000.0 / answers;
    }

    public static void main(String[] args) throws Exception {
        int answers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        XmlParserReuse bench = new XmlParserReuse();
        Decoder old = bench::newParserEachTime;
        Decoder pooled = body -> bench.codec.response("bench", body);
        run(old, answers); // warm-up
        run(pooled, answers);
        double[] oldTimes = new double[rounds];
        double[] pooledTimes = new double[rounds];
        System.out.printf("One findByEmail answer (%d bytes), %d answers per round, one thread, Java %s%n",
                ANSWER.length, answers, System.getProperty("java.version"));
        System.out.println("round | new parser each answer µs | pooled parsers µs");
        for (int round = 0; round < rounds; round++) {
            // Which way goes first alternates, so that neither always follows the other's garbage.
            if (round % 2 == 0) {
                oldTimes[round] = run(old, answers);
                pooledTimes[round] = run(pooled, answers);
            } else {
                pooledTimes[round] = run(pooled, answers);
                oldTimes[round] = run(old, answers);
            }
            System.out.printf("%5d | %25.2f | %17.2f%n", round + 1, oldTimes[round], pooledTimes[round]);
        }
        System.out.printf("median| %25.2f | %17.2f%n", median(oldTimes), median(pooledTimes));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
