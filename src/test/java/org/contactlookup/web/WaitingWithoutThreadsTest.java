package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

/**
 * Waiting costs no request thread: hundreds of lookups held by a hanging upstream, or a thousand
 * clients sending their forms a byte a second, leave Tomcat's threads free, so a normal lookup and
 * {@code /health} go on answering at once. Runs once per protocol.
 */
abstract class WaitingWithoutThreadsTest {
    /** Far fewer than Tomcat's 200 request threads: what a few requests being parsed at once may use. */
    private static final int MOST_BUSY_THREADS = 16;

    abstract String connection();

    private AppUnderTest start(Map<String, String> appSettings, String... settings) throws Exception {
        AppUnderTest app = AppUnderTest.start(Sandbox.builder().apiQuota(100_000, 1_000_000).start(), appSettings, connection(), settings);
        AppUnderTest.awaitHealth(app.tomcat, 200);
        return app;
    }

    /** The slowest /health answer and the most busy request threads seen while {@code busy} is being waited out. */
    private static final class Watch {
        long slowestHealthMillis;
        int mostBusyThreads;

        void countThreads(AppUnderTest app) {
            mostBusyThreads = Math.max(mostBusyThreads, app.tomcat.busyRequestThreads());
        }

        void sample(AppUnderTest app, WebSession session) throws Exception {
            countThreads(app);
            long start = System.nanoTime();
            assertEquals(200, session.get(app.tomcat.base().resolve("health")).statusCode());
            slowestHealthMillis = Math.max(slowestHealthMillis, (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void fiveHundredLookupsHeldByAHangingUpstreamHoldNoRequestThreads() throws Exception {
        try (AppUnderTest app = start(Map.of(), connection() + ".maxInFlight = 1000", connection() + ".deadline = 10s",
                connection() + ".readTimeout = 60s")) {
            WebSession session = new WebSession(app.tomcat.base());
            session.openForm();
            warmUp(session);
            app.sandbox.setDelay(Duration.ofSeconds(60));
            app.sandbox.clearCalls();
            Watch watch = new Watch();
            List<CompletableFuture<HttpResponse<String>>> lookups = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                lookups.add(session.lookUpAsync("person" + i + "@example.com", "Some", "One"));
                watch.countThreads(app);
                if (i % 5 == 4) {
                    // 100 lookups a second: each opens a TLS connection to the sandbox, whose end of
                    // the handshake runs in this JVM too, on 2 cores.
                    Thread.sleep(50);
                }
            }
            // Until all are in flight, the machine is busy opening 500 TLS connections to the
            // sandbox: threads are counted then, /health is timed once they all wait.
            long heldUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (app.sandbox.calls().size() < 500 && System.nanoTime() < heldUntil) {
                watch.countThreads(app);
                Thread.sleep(5);
            }
            assertEquals(500, app.sandbox.calls().size(), "every lookup reached the hanging upstream");
            for (int i = 0; i < 40; i++) {
                watch.sample(app, session);
                Thread.sleep(20);
            }
            for (CompletableFuture<HttpResponse<String>> lookup : lookups) {
                assertEquals(504, lookup.get().statusCode());
            }
            assertTrue(watch.slowestHealthMillis < 200, "/health took " + watch.slowestHealthMillis + " ms");
            assertTrue(watch.mostBusyThreads <= MOST_BUSY_THREADS, watch.mostBusyThreads + " request threads were busy");
            System.out.println("500 held lookups: slowest /health " + watch.slowestHealthMillis + " ms, most busy request threads "
                    + watch.mostBusyThreads);
        }
    }

    @Test
    void aThousandFormsSentAByteASecondDelayNeitherALookupNorHealth() throws Exception {
        // 10 s for a form: opening the thousand connections alone took over 4 s on a busy 2-core
        // machine, and with 6 s the first forms' 408 came while the test was still sending to them.
        try (AppUnderTest app = start(Map.of(LookupServlet.FORM_SECONDS, "10"))) {
            WebSession session = new WebSession(app.tomcat.base());
            session.openForm();
            List<Socket> slow = new ArrayList<>();
            try {
                long opening = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    slow.add(startSlowForm(app.tomcat.port()));
                }
                System.out.println("1000 slow forms opened in " + (System.nanoTime() - opening) / 1_000_000 + " ms");
                Watch watch = new Watch();
                for (int second = 0; second < 2; second++) {
                    // A byte on each connection, spread over the second as real clients would be.
                    for (int i = 0; i < slow.size(); i++) {
                        send(slow.get(i), "a");
                        if (i % 100 == 99) {
                            Thread.sleep(50);
                        }
                    }
                    long start = System.nanoTime();
                    HttpResponse<String> page = session.lookUp(DemoContacts.JOHN, "John", "Doe");
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(200, page.statusCode(), page.body());
                    assertTrue(millis < 1000, "a normal lookup took " + millis + " ms");
                    watch.sample(app, session);
                    Thread.sleep(300);
                }
                assertTrue(watch.slowestHealthMillis < 200, "/health took " + watch.slowestHealthMillis + " ms");
                assertTrue(watch.mostBusyThreads <= MOST_BUSY_THREADS, watch.mostBusyThreads + " request threads were busy");
                int timedOut = 0;
                for (Socket socket : slow) {
                    if (statusLine(socket).equals("HTTP/1.1 408 ")) {
                        timedOut++;
                    }
                }
                assertEquals(1000, timedOut, "every slow form was answered 408 once its 10 s were up");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    /**
     * A few lookups first, as a running server has served before: a cold JVM links and compiles
     * the page's code on its first requests, and those threads look busy for the wrong reason.
     */
    private static void warmUp(WebSession session) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> lookups = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lookups.add(session.lookUpAsync("warm" + i + "@example.com", "Some", "One"));
        }
        for (CompletableFuture<HttpResponse<String>> lookup : lookups) {
            assertEquals(200, lookup.get().statusCode());
        }
    }

    /** A connection that has sent a form's headers and the first byte of its 100-byte body. */
    private static Socket startSlowForm(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        send(socket, "POST /contact-lookup/ HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ne");
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line's first 13 characters, such as {@code HTTP/1.1 408 }. */
    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] start = in.readNBytes(13);
        return new String(start, StandardCharsets.US_ASCII);
    }
}
