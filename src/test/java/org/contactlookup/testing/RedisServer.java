package org.contactlookup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code redis-server} on a free loopback port, without persistence, for one test
 * class: {@link #start} it in {@code @BeforeAll}, {@link #close} it in {@code @AfterAll}. It can
 * be killed as in a crash, restarted empty on the same port, and paused (SIGSTOP) to play a
 * Redis that hangs.
 */
public final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final boolean tls;
    private final List<String> extraArguments;
    private final Path directory;
    private Process process;

    private RedisServer(int port, boolean tls, List<String> extraArguments) throws IOException {
        this.port = port;
        this.tls = tls;
        this.extraArguments = extraArguments;
        this.directory = Files.createTempDirectory("redis-test");
    }

    /** Starts redis-server with {@code extraArguments}, such as {@code --requirepass secret}. */
    public static RedisServer start(String... extraArguments) throws IOException {
        return start(false, List.of(extraArguments));
    }

    /** Starts redis-server that speaks only TLS, with this certificate and key (PEM files). */
    public static RedisServer startTls(Path certificate, Path key) throws IOException {
        return start(true, List.of("--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
                "--tls-auth-clients", "no"));
    }

    private static RedisServer start(boolean tls, List<String> extraArguments) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: these tests need Debian's redis-server;"
                    + " run src/test/system/install-test-packages.sh as root (Maven runs it before the tests)"
                    + " or apt-get install redis-server");
        }
        RedisServer server = new RedisServer(freePort(), tls, extraArguments);
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create((tls ? "rediss" : "redis") + "://127.0.0.1:" + port);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Ends the server with SIGKILL, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port, empty (nothing is persisted). */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        launch();
    }

    /** Freezes the server (SIGSTOP): connections are accepted by the kernel, nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            resume();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                "--port", tls ? "0" : Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", directory.toString()));
        if (tls) {
            command.addAll(List.of("--tls-port", Integer.toString(port)));
        }
        command.addAll(extraArguments);
        Path log = directory.resolve("redis.log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + Files.readString(log));
            }
            if (answersPing()) {
                return;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer within 10 s:\n" + Files.readString(log));
    }

    /**
     * True once the server answers PING at all (a NOAUTH error counts: it is listening); over
     * TLS, once it accepts connections.
     */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            if (tls) {
                return true;
            }
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-server started", e);
        }
    }
}
