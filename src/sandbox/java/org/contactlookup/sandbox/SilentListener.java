package org.contactlookup.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener that accepts TCP connections and then never reads or writes a byte: a
 * server that hangs before the TLS handshake. It holds every socket it accepted open until
 * {@link #close()}, so the client sees neither an answer nor a reset. Thread-safe.
 */
final class SilentListener implements Closeable {
    private final ServerSocket listener;
    private final List<Socket> accepted = new ArrayList<>();
    private boolean closed;

    SilentListener() throws IOException {
        this.listener = new ServerSocket(0, Sandbox.BACKLOG, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "sandbox-silent-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** How many connections it has accepted so far. */
    synchronized int accepted() {
        return accepted.size();
    }

    private void acceptUntilClosed() {
        while (true) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed, or broken beyond use: either way nothing more comes in
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(socket);
                    return;
                }
                accepted.add(socket);
            }
        }
    }

    /** Closes the listener and every connection at once; a client waiting on one sees it end. */
    @Override
    public void close() {
        List<Socket> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(accepted);
        }
        closeQuietly(listener);
        open.forEach(SilentListener::closeQuietly);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Nothing more can be done with a socket that will not close, and nothing waits on it.
        }
    }
}
