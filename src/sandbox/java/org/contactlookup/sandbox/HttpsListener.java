package org.contactlookup.sandbox;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTPS server under the sandbox: on loopback, answering on daemon threads, routing the
 * three API endpoints and the two OAuth2 ones to the handler, and counting the connections it
 * takes on.
 */
final class HttpsListener {
    private final HttpsServer server;
    private final ExecutorService workers;
    private final AtomicInteger connections = new AtomicInteger();

    static {
        // The JDK's server writes headers and body separately; with Nagle on, each answer would
        // wait out the client's delayed acknowledgement (about 40 ms). Read once, when the JDK's
        // server classes load; this only runs where the sandbox does, never in the WAR.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    HttpsListener(int port, SSLContext tls, SandboxHandler handler) throws IOException {
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Sandbox.BACKLOG);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                // The JDK's server calls this once per connection, as it sets up that connection's
                // TLS engine on the first bytes received: a kept-alive connection is counted once.
                connections.incrementAndGet();
                super.configure(parameters);
            }
        });
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext(Sandbox.LEGACY_PATH, exchange -> handler.handleXmlRpc(exchange, true));
        server.createContext(Sandbox.KEAP_PATH, exchange -> handler.handleXmlRpc(exchange, false));
        server.createContext(RestApi.PATH, handler::handleRest);
        server.createContext(OAuthEndpoints.TOKEN_PATH, handler::handleToken);
        server.createContext(OAuthEndpoints.AUTHORIZE_PATH, handler::handleAuthorize);
        server.start();
    }

    /** Routes {@code path} to {@code handler}, on a server already running. */
    void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    int port() {
        return server.getAddress().getPort();
    }

    int connections() {
        return connections.get();
    }

    /** Closes every connection and interrupts answers still being paced or delayed. */
    void stop() {
        server.stop(0);
        workers.shutdownNow();
    }
}
