package org.contactlookup.testing;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.util.TimeZone;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcClientException;
import org.apache.xmlrpc.client.XmlRpcSunHttpTransport;

/**
 * The Apache XML-RPC client as it ships, reading answers with its own parser; only the transport
 * is told which certificate to trust and, for Keap's endpoint, which key header to send. Answers
 * come back as the library's Java types: Integer, String, Boolean, Date, HashMap, Object[].
 */
public final class StockXmlRpc {
    private StockXmlRpc() {
    }

    /**
     * @param headerKey sent as {@code X-Keap-API-Key} on every call; null for the legacy endpoint
     * @param zone      the zone the client reads and writes {@code dateTime.iso8601} values in
     */
    public static XmlRpcClient client(URI endpoint, SSLContext trust, String headerKey, TimeZone zone) throws MalformedURLException {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(endpoint.toURL());
        config.setTimeZone(zone);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        client.setTransportFactory(() -> new XmlRpcSunHttpTransport(client) {
            @Override
            protected URLConnection newURLConnection(URL url) throws IOException {
                HttpsURLConnection connection = (HttpsURLConnection) super.newURLConnection(url);
                connection.setSSLSocketFactory(trust.getSocketFactory());
                return connection;
            }

            @Override
            protected void initHttpHeaders(XmlRpcRequest request) throws XmlRpcClientException {
                super.initHttpHeaders(request);
                if (headerKey != null) {
                    setRequestHeader("X-Keap-API-Key", headerKey);
                }
            }
        });
        return client;
    }
}
