package org.contactlookup.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a form body with Servlet non-blocking input: the container calls back when bytes have
 * arrived, so a client that sends its form a byte at a time holds no request thread while it
 * does. The whole body must arrive within a time limit and fit in {@link FormBody#MAX_BYTES};
 * exactly one of the {@link Outcome}s is reported, once.
 */
final class FormReader implements ReadListener {
    /** How the reading ended. */
    sealed interface Outcome {
    }

    /** The whole body arrived and parsed. */
    record Fields(Map<String, String> fields) implements Outcome {
    }

    /** The body is larger than {@link FormBody#MAX_BYTES}. */
    record TooLarge() implements Outcome {
    }

    /** The body is not valid form encoding or not UTF-8; the reason is fit for the page. */
    record Malformed(String reason) implements Outcome {
    }

    /** The body did not arrive within the time limit. */
    record TimedOut() implements Outcome {
    }

    /** The connection broke while the body was coming. */
    record Broken(Throwable cause) implements Outcome {
    }

    /** What is done with the outcome. */
    interface Handler {
        void accept(Outcome outcome);
    }

    private final ServletInputStream in;
    private final Handler handler;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private final byte[] buffer = new byte[1024];
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    private FormReader(ServletInputStream in, Handler handler) {
        this.in = in;
        this.handler = handler;
    }

    /** Starts reading; {@code handler} gets the outcome on a container thread or, for a timeout, on {@code timer}. */
    static void start(ServletInputStream in, Duration limit, ScheduledExecutorService timer, Handler handler) {
        FormReader reader = new FormReader(in, handler);
        reader.deadline = timer.schedule(() -> reader.finish(new TimedOut()), limit.toNanos(), TimeUnit.NANOSECONDS);
        in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done.get() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return; // onAllDataRead follows
            }
            if (body.size() + n > FormBody.MAX_BYTES) {
                finish(new TooLarge());
                return;
            }
            body.write(buffer, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        try {
            finish(new Fields(FormBody.parse(body.toString(StandardCharsets.ISO_8859_1))));
        } catch (FormBody.Malformed e) {
            finish(new Malformed(e.getMessage()));
        }
    }

    @Override
    public void onError(Throwable failure) {
        finish(new Broken(failure));
    }

    private void finish(Outcome outcome) {
        if (done.compareAndSet(false, true)) {
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            handler.accept(outcome);
        }
    }
}
