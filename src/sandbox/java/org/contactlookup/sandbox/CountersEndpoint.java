package org.contactlookup.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@value SandboxCounters#PATH}: the sandbox's counters as JSON, for an operator watching a
 * standalone sandbox with {@code curl}. Not recorded as a call, so reading the counters does not
 * change them (its connection aside); only {@code GET}, on exactly this path.
 */
final class CountersEndpoint implements HttpHandler {
    private final Supplier<SandboxCounters> counters;

    CountersEndpoint(Supplier<SandboxCounters> counters) {
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            if (!exchange.getRequestURI().getPath().equals(SandboxCounters.PATH)) {
                send(exchange, 404, "text/plain", "Not found");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain", "Method not allowed, use GET");
            } else {
                // Counters change from one read to the next: a cache on the way must not answer for the sandbox.
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                send(exchange, 200, "application/json", counters.get().toJson());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
