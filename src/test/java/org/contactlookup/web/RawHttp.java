package org.contactlookup.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Requests written byte for byte on a plain socket, for what an HTTP client library refuses to
 * send: malformed request lines, illegal paths, TRACE, oversized headers. Each request closes
 * its connection, and the answer is read to the end.
 */
final class RawHttp {
    /** One answer: the status, the header lines as sent, and the body. */
    record Answer(int status, List<String> headers, String body) {
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst();
        }

        /** Everything received, for messages and for searching the whole answer. */
        String all() {
            return status + "\n" + String.join("\n", headers) + "\n\n" + body;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (ISO-8859-1 bytes, as a request line and headers are) and reads the answer. */
    static Answer send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException closedEarly) {
                // Tomcat may answer and close before an oversized request is fully written; read what it sent.
            }
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            if (split < 0) {
                throw new IOException("no complete answer: " + text);
            }
            List<String> lines = new ArrayList<>(List.of(text.substring(0, split).split("\r\n")));
            String statusLine = lines.remove(0);
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), lines, text.substring(split + 4));
        }
    }

    /** A GET of {@code target} with the given extra header lines, each ending in CRLF. */
    static String get(String target, String extraHeaders) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extraHeaders + "\r\n";
    }
}
