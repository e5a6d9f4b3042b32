package org.contactlookup.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientException;
import org.apache.xmlrpc.client.XmlRpcSun15HttpTransport;
import org.apache.xmlrpc.client.XmlRpcTransport;
import org.apache.xmlrpc.client.XmlRpcTransportFactory;
import org.apache.xmlrpc.common.TypeFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcResponseParser;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The library's JDK transport with its holes closed. The Sun15 transport is the base because it
 * is the only one that applies the connect and read timeouts. On top of it this transport:
 * parses responses with {@link SecureXml}; never deserializes a fault's {@code faultCause}
 * (CVE-2019-17570); sends the key header; refuses redirects; keeps the HTTP status, Retry-After
 * and the start of the body of an error answer; and uses fixed-length streaming so that the JDK
 * never silently sends a POST a second time (which could repeat a write).
 */
final class HardenedTransport extends XmlRpcSun15HttpTransport {
    private static final int ERROR_BODY_LIMIT = 2048;
    private static final String USER_AGENT = "contact-lookup/1.0";

    private final Map<String, String> authHeaders;

    private HardenedTransport(XmlRpcClient client, SSLSocketFactory sockets, Map<String, String> authHeaders) {
        super(client);
        setSSLSocketFactory(new NoDelaySocketFactory(sockets));
        this.authHeaders = authHeaders;
    }

    static XmlRpcTransportFactory factory(XmlRpcClient client, SSLSocketFactory sockets, Map<String, String> authHeaders) {
        Map<String, String> headers = Map.copyOf(authHeaders);
        return new XmlRpcTransportFactory() {
            @Override
            public XmlRpcTransport getTransport() {
                return new HardenedTransport(client, sockets, headers);
            }
        };
    }

    @Override
    protected URLConnection newURLConnection(URL url) throws IOException {
        URLConnection connection = super.newURLConnection(url);
        if (!(connection instanceof HttpsURLConnection https)) {
            throw new IOException("refusing a non-HTTPS connection to " + url.getHost());
        }
        https.setInstanceFollowRedirects(false);
        return https;
    }

    @Override
    protected void initHttpHeaders(XmlRpcRequest request) throws XmlRpcClientException {
        super.initHttpHeaders(request);
        setRequestHeader("User-Agent", USER_AGENT);
        authHeaders.forEach(this::setRequestHeader);
    }

    @Override
    protected void setContentLength(int length) {
        ((HttpURLConnection) getURLConnection()).setFixedLengthStreamingMode(length);
    }

    @Override
    protected InputStream getInputStream() throws XmlRpcException {
        HttpURLConnection connection = (HttpURLConnection) getURLConnection();
        int status;
        try {
            status = connection.getResponseCode();
        } catch (IOException e) {
            throw new XmlRpcException("no response: " + e.getMessage(), e);
        }
        if (status < 200 || status > 299) {
            throw new HttpFailure(status, connection.getHeaderField("Retry-After"), errorBody(connection));
        }
        try {
            return connection.getInputStream();
        } catch (IOException e) {
            throw new XmlRpcException("no response body: " + e.getMessage(), e);
        }
    }

    private static String errorBody(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream()) {
            if (in == null) {
                return "";
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[512];
            int n;
            while (out.size() < ERROR_BODY_LIMIT && (n = in.read(buffer, 0, Math.min(buffer.length, ERROR_BODY_LIMIT - out.size()))) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    protected XMLReader newXMLReader() throws XmlRpcException {
        return SecureXml.newReader();
    }

    @Override
    protected Object readResponse(XmlRpcStreamRequestConfig config, InputStream stream) throws XmlRpcException {
        XmlRpcResponseParser parser = new FaultCauseDroppingParser(config, getClient().getTypeFactory());
        XMLReader reader = newXMLReader();
        reader.setContentHandler(parser);
        try {
            reader.parse(new InputSource(stream));
        } catch (SAXException e) {
            throw new XmlRpcClientException("the response is not valid XML-RPC: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new XmlRpcClientException("the response could not be read: " + e.getMessage(), e);
        }
        if (parser.isSuccess()) {
            return parser.getResult();
        }
        throw new Fault(parser.getErrorCode(), parser.getErrorMessage());
    }

    /** A fault the server sent, kept apart from the library's own errors, which also use code 0. */
    static final class Fault extends XmlRpcException {
        Fault(int code, String message) {
            super(code, message == null ? "" : message);
        }
    }

    /** An HTTP error status, with what is needed to tell throttling from other failures. */
    static final class HttpFailure extends XmlRpcException {
        final int status;
        final String retryAfter;
        final String body;

        HttpFailure(int status, String retryAfter, String body) {
            super(status, "HTTP " + status);
            this.status = status;
            this.retryAfter = retryAfter;
            this.body = body;
        }
    }

    /**
     * The stock parser hands a fault's {@code faultCause} bytes to {@code ObjectInputStream}
     * (CVE-2019-17570), which runs code chosen by whoever wrote the response. This one removes
     * the member before the stock code sees it.
     */
    static final class FaultCauseDroppingParser extends XmlRpcResponseParser {
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
