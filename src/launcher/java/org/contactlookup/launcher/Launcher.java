package org.contactlookup.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;

/**
 * Runs the app in embedded Tomcat 11 on {@code http://localhost:PORT/} ({@code PORT} from the
 * environment, default 8080) until Ctrl-C. When no connection file is configured
 * ({@code CONTACTLOOKUP_CONNECTIONFILE} or the system property {@code contactlookup.connectionFile})
 * it also starts the sandbox and points the app at it, so it works without an account.
 */
public final class Launcher {
    private static final String JULI_FORMATTER = "org.apache.juli.formatter";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        logLikeTomcat();
        int port = port(System.getenv("PORT"));
        boolean configured = System.getenv("CONTACTLOOKUP_CONNECTIONFILE") != null
                || System.getProperty("contactlookup.connectionFile") != null;
        Sandbox sandbox = null;
        Map<String, String> parameters = new HashMap<>();
        requireFreePort(port);
        // The guide's page, names and ids, on this loopback-only tutorial server; a deployed WAR
        // reveals nothing stored unless its operator says otherwise. CONTACTLOOKUP_REVEAL still wins.
        if (System.getenv("CONTACTLOOKUP_REVEAL") == null && System.getProperty("contactlookup.reveal") == null) {
            parameters.put("contactlookup.reveal", "guide");
        }
        if (!configured) {
            // A folder of this launcher's own: a second launcher, or the standalone sandbox in
            // target/sandbox, must never find its connection file and keys rewritten.
            Path folder = Path.of("target", "launcher-" + port).toAbsolutePath();
            sandbox = Sandbox.builder().folder(folder).start();
            Path connections = SandboxFiles.write(sandbox, folder);
            parameters.put("contactlookup.connectionFile", connections.toString());
            parameters.put("contactlookup.connection", "sandbox");
        }
        EmbeddedTomcat tomcat;
        try {
            tomcat = EmbeddedTomcat.start(port, "", parameters);
        } catch (Exception e) {
            if (sandbox != null) {
                sandbox.close();
            }
            System.err.println("The app did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Sandbox started = sandbox;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.close();
            } catch (Exception e) {
                System.err.println("Tomcat did not stop cleanly: " + e);
            }
            if (started != null) {
                started.close();
            }
            stopped.countDown();
        }, "launcher-shutdown"));
        System.out.println();
        System.out.println("Contact lookup is running: open http://localhost:" + tomcat.port() + "/");
        if (sandbox != null) {
            System.out.println("It uses the local sandbox at " + sandbox.keapEndpoint() + ". Demo addresses to try:");
            DemoContacts.TRY_THESE.forEach((email, what) -> System.out.println("  " + email + "  (" + what + ")"));
        } else {
            System.out.println("It uses the connection file you configured.");
        }
        System.out.println("Health: http://localhost:" + tomcat.port() + "/health    Ctrl-C stops it.");
        stopped.await();
    }

    /**
     * One line per record, as Tomcat writes {@code catalina.out} (its {@code OneLineFormatter}):
     * what an operator reads in Tomcat, and cheaper than the JDK's two-line default, which
     * formats every date afresh with java.util.Formatter. Embedded Tomcat puts its console
     * formatter on the root handlers when its logging starts, and takes it from this property.
     */
    private static void logLikeTomcat() {
        if (System.getProperty(JULI_FORMATTER) == null) {
            System.setProperty(JULI_FORMATTER, "org.apache.juli.OneLineFormatter");
        }
    }

    /** Stops at once, before anything is written, when another program already listens on {@code port}. */
    private static void requireFreePort(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            System.err.println("Port " + port + " is in use (another launcher?): stop that first, or set PORT to another port.");
            System.exit(1);
        }
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a number from 1 to 65535, not '" + value + "'");
    }
}
