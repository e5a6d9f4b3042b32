package org.contactlookup.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One HTTPS connection to the sandbox spoken by hand, so that a test sees each byte of an answer
 * as it arrives, and when, without a client library's buffering in between.
 */
final class RawHttps implements Closeable {
    private final SSLSocket socket;
    private final InputStream in;

    private RawHttps(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** A TLS context that trusts only the certificate in {@code pem}, as the client's trust file does. */
    static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream certificate = Files.newInputStream(pem)) {
            store.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(certificate));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Connects and completes the TLS handshake, so that later timings hold no handshake. */
    static RawHttps connect(SSLContext trust, int port) throws IOException {
        SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return new RawHttps(socket);
    }

    void get(String pathAndQuery, String apiKey) throws IOException {
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + socket.getPort()
                + "\r\nX-Keap-API-Key: " + apiKey + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The status line and header lines of an answer, up to the blank line. */
    List<String> readHead() throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = read();
            if (b == -1) {
                throw new EOFException("connection ended in the headers");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.US_ASCII).stripTrailing();
            if (text.isEmpty()) {
                return lines;
            }
            lines.add(text);
            line.reset();
        }
    }

    static int contentLength(List<String> head) {
        return head.stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToInt(h -> Integer.parseInt(h.substring(h.indexOf(':') + 1).strip()))
                .findFirst().orElseThrow();
    }

    /** One byte, or -1 at the end of the connection. */
    int read() throws IOException {
        return in.read();
    }

    byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("connection ended after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
