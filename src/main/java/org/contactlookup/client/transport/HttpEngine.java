package org.contactlookup.client.transport;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.NetworkException;

/**
 * The one HTTP client of a connection, shared by every call over either protocol: connections
 * are kept alive and reused, HTTP/2 is spoken where the server offers it, certificates and host
 * names are checked, redirects are never followed, and a POST is never sent twice (the JDK
 * client resends only idempotent requests). Nothing here blocks a thread while a call waits:
 * answers arrive on the client's own threads, and waits (for a permit, before a retry, for a
 * timeout) are scheduled on one timer thread. All threads are daemons that do not pin a web
 * app's class loader; {@link #close()} stops them.
 */
public final class HttpEngine implements AutoCloseable {
    /** The most bytes an answer may have; beyond that the exchange is dropped. */
    public static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;
    public static final String USER_AGENT = "contact-lookup/1.0";

    /** A whole answer: its status, headers and body. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;

    public HttpEngine(Connection connection) {
        String name = connection.name();
        this.workers = Executors.newCachedThreadPool(daemons("contact-lookup-http-" + name));
        this.timer = new ScheduledThreadPoolExecutor(1, daemons("contact-lookup-timer-" + name));
        timer.setRemoveOnCancelPolicy(true);
        // An idle client holds no thread; the pool starts one again when a wait is scheduled.
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        // The JDK client starts its selector thread here; it must not inherit a web app's loader.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            this.http = HttpClient.newBuilder()
                    .sslContext(TrustMaterial.sslContext(connection))
                    .connectTimeout(connection.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(workers)
                    .build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + number.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return t;
        };
    }

    /**
     * Sends {@code request}. The future completes once the last byte of the answer has arrived,
     * or fails with a {@link NetworkException} of kind TIMEOUT when that takes longer than
     * {@code limit}, whatever the server does meanwhile (no TLS handshake, headers and then
     * nothing, a body a byte at a time); the exchange is then aborted and its connection closed.
     */
    public CompletableFuture<Answer> exchange(HttpRequest request, Duration limit, String where) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, info -> new BoundedBody());
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            if (answer.completeExceptionally(Failures.timedOut(where, limit))) {
                sent.cancel(true);
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        sent.whenComplete((response, failure) -> {
            timeout.cancel(false);
            if (failure != null) {
                Throwable cause = Failures.unwrap(failure);
                answer.completeExceptionally(cause instanceof InfusionsoftException e ? e : Failures.network(where, cause));
            } else {
                answer.complete(new Answer(response.statusCode(), response.headers(), response.body()));
            }
        });
        return answer;
    }

    /**
     * Runs {@code task} after {@code delay} (at once, on this thread, for no delay). The timer
     * only hands it to a worker: a task may wait on a shared budget's Redis, and the one timer
     * thread must stay free to end other calls on time.
     */
    public void after(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            task.run();
        } else {
            timer.schedule(() -> {
                try {
                    workers.execute(task);
                } catch (RejectedExecutionException closing) {
                    task.run(); // the engine is closing: let the task fail on this thread rather than vanish
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code task} on one of the engine's workers, for work that may wait on a file or on Redis. */
    public void execute(Runnable task) {
        workers.execute(task);
    }

    /**
     * {@code future}'s outcome, or {@code failure} if it has not come within {@code limit}. A
     * failure is passed on as it is, not wrapped in a {@code CompletionException}.
     */
    public <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration limit, Supplier<? extends Throwable> failure) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        ScheduledFuture<?> timeout = timer.schedule(() -> bounded.completeExceptionally(failure.get()),
                limit.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((value, error) -> {
            timeout.cancel(false);
            if (error == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(Failures.unwrap(error));
            }
        });
        return bounded;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Collects an answer's body, refusing one larger than {@link #MAX_ANSWER_BYTES}. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_ANSWER_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(new MalformedResponseException(
                            "the answer is larger than " + MAX_ANSWER_BYTES + " bytes", null));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
