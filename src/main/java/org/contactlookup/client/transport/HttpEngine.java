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
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.NetworkException;

/**
 * The one HTTP client of a connection, shared by every call over either protocol: connections
 * are kept alive and reused, HTTP/2 is spoken where the server offers it, certificates and host
 * names are checked, redirects are never followed, and a POST is never sent twice (the JDK
 * client resends only idempotent requests). It only sends: nothing here blocks a thread while
 * a call waits, answers arrive on the {@link Timer}'s workers, and the time limit of each
 * exchange is kept by that timer, which also owns (and stops) every thread.
 */
public final class HttpEngine {
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
    private final Scheduler scheduler;
    private final Consumer<HttpHeaders> answered;

    /** An engine whose answers are handled on {@code timer}'s workers and whose time limits are kept by it. */
    public HttpEngine(Connection connection, Timer timer) {
        this(connection, timer, headers -> { });
    }

    /**
     * As {@link #HttpEngine(Connection, Timer)}, showing the headers of every answer that arrives,
     * whatever its status, to {@code answered} (for the quota counts the server sends), before
     * the answer is handed on.
     */
    public HttpEngine(Connection connection, Timer timer, Consumer<HttpHeaders> answered) {
        this.scheduler = timer;
        this.answered = answered;
        // The JDK client starts its selector thread here; it must not inherit a web app's loader.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            this.http = HttpClient.newBuilder()
                    .sslContext(TrustMaterial.sslContext(connection))
                    .connectTimeout(connection.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(timer.workers())
                    .build();
        } finally {
            current.setContextClassLoader(previous);
        }
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
        Runnable cancelTimeout = scheduler.schedule(limit, () -> {
            if (answer.completeExceptionally(Failures.timedOut(where, limit))) {
                sent.cancel(true);
            }
        });
        sent.whenComplete((response, failure) -> {
            cancelTimeout.run();
            if (failure != null) {
                Throwable cause = Failures.unwrap(failure);
                answer.completeExceptionally(cause instanceof InfusionsoftException e ? e : Failures.network(where, cause));
            } else {
                try {
                    answered.accept(response.headers());
                } catch (RuntimeException ignored) {
                    // what the headers say is advice; the answer itself must still arrive
                }
                answer.complete(new Answer(response.statusCode(), response.headers(), response.body()));
            }
        });
        return answer;
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
