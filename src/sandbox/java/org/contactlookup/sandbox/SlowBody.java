package org.contactlookup.sandbox;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Writes an answer's body late or slowly, once its headers have gone out, for
 * {@link Fault.Trickle} and {@link Fault.HangAfterHeaders}. Cut short, either throws an
 * {@code IOException} and leaves the body unfinished: the JDK's server then drops the connection
 * and logs only at TRACE, so a client that went away or a sandbox closing stays quiet.
 */
final class SlowBody {
    private SlowBody() {
    }

    /** One byte at a time, each flushed, {@code perByte} apart. */
    static void trickle(OutputStream out, byte[] body, Duration perByte) throws IOException {
        for (int i = 0; i < body.length; i++) {
            if (i > 0) {
                sleep(perByte);
            }
            out.write(body[i]);
            out.flush();
        }
        out.close();
    }

    /** Nothing for {@code hang}, then the whole body. */
    static void afterHang(OutputStream out, byte[] body, Duration hang) throws IOException {
        sleep(hang);
        out.write(body);
        out.close();
    }

    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // Only Sandbox.close() interrupts a worker (shutdownNow): stop here, and let the pool see it.
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("sandbox closing");
        }
    }
}
