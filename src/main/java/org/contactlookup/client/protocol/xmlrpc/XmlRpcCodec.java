package org.contactlookup.client.protocol.xmlrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcClientRequestImpl;
import org.apache.xmlrpc.common.TypeFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcResponseParser;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.transport.HttpEngine;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Apache XML-RPC used for what it does well, writing requests and reading answers, with its holes
 * closed; the HTTP exchange itself is {@link HttpEngine}'s. Answers are parsed with
 * {@link SecureXml} (no DOCTYPE, no external entities: CVE-2016-5002); a fault's
 * {@code faultCause} is never deserialized (CVE-2019-17570); extensions stay off, so no
 * {@code <ex:serializable>} is ever read (CVE-2016-5003). Thread-safe: the parsers are reused
 * through the codec's own {@link ReaderPool}, one thread at a time each.
 */
public final class XmlRpcCodec {
    private final XmlRpcClient library = new XmlRpcClient();
    private final XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    private final ReaderPool readers;

    public XmlRpcCodec() {
        this(new ReaderPool());
    }

    XmlRpcCodec(ReaderPool readers) {
        this.readers = readers;
        config.setEncoding("UTF-8");
        // Extensions would let a response carry serialized Java objects (CVE-2016-5003).
        config.setEnabledForExtensions(false);
        library.setConfig(config);
    }

    /** A fault the server sent: its code and its string, as sent. */
    public record Fault(int code, String text) {
        public Fault {
            text = text == null ? "" : text;
        }
    }

    /** The request's bytes, UTF-8 XML. */
    public byte[] request(String method, Object[] parameters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            ContentHandler xml = library.getXmlWriterFactory().getXmlWriter(config, out);
            new XmlRpcWriter(config, xml, library.getTypeFactory()).write(new XmlRpcClientRequestImpl(config, method, parameters));
        } catch (XmlRpcException | SAXException e) {
            throw new IllegalArgumentException("the parameters of " + method + " cannot be sent over XML-RPC: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The answer's value, or its fault.
     *
     * @throws MalformedResponseException when the answer is not XML-RPC we accept
     */
    public Object response(String where, byte[] body) throws MalformedResponseException {
        XmlRpcResponseParser parser = new FaultCauseDroppingParser(config, library.getTypeFactory());
        try {
            readers.parse(body, parser);
            return parser.isSuccess() ? parser.getResult() : new Fault(parser.getErrorCode(), parser.getErrorMessage());
        } catch (XmlRpcException | SAXException | IOException e) {
            throw new MalformedResponseException(where + " returned a malformed response: " + e.getMessage(), e);
        }
    }

    /**
     * The stock parser hands a fault's {@code faultCause} bytes to {@code ObjectInputStream}
     * (CVE-2019-17570), which runs code chosen by whoever wrote the response. This one removes
     * the member before the stock code sees it.
     */
    public static final class FaultCauseDroppingParser extends XmlRpcResponseParser {
        FaultCauseDroppingParser(XmlRpcStreamRequestConfig config, TypeFactory types) {
            super(config, types);
        }

        @Override
        protected void addResult(Object result) throws SAXException {
            if (!isSuccess() && result instanceof Map<?, ?> fault && fault.containsKey("faultCause")) {
                Map<Object, Object> safe = new HashMap<>(fault);
                safe.remove("faultCause");
                super.addResult(safe);
            } else {
                super.addResult(result);
            }
        }
    }
}
