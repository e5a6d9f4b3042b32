package org.contactlookup.client.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

/** The credentials header on each attempt, and the one more try a refused token gets. */
class AuthenticateTest {
    private final StepHarness rest = new StepHarness(new ManualScheduler());
    private final AtomicInteger renewals = new AtomicInteger();

    /** An OAuth2-like source: "old" until refused, then "new". */
    private final Credentials token = new Credentials() {
        @Override
        public CompletableFuture<Header> header() {
            return CompletableFuture.completedFuture(new Header("Authorization", "Bearer old"));
        }

        @Override
        public Optional<CompletableFuture<Header>> afterRefusal(Header used) {
            renewals.incrementAndGet();
            return Optional.of(CompletableFuture.completedFuture(new Header("Authorization", "Bearer new")));
        }
    };

    private CompletableFuture<Object> run(Credentials credentials) {
        return new Authenticate(credentials).apply(StepHarness.call(true, Duration.ofSeconds(20)), rest.rest());
    }

    private List<String> headersSent() {
        return rest.seen.stream().map(s -> s.call().header().value()).toList();
    }

    @Test
    void aKeyGoesWithEveryCallInItsHeader() {
        rest.thenAnswer("found");
        assertEquals("found", run(Credentials.fixed("X-Keap-API-Key", "KeapAK-1")).join());
        assertEquals(new Credentials.Header("X-Keap-API-Key", "KeapAK-1"), rest.seen.get(0).call().header());
    }

    @Test
    void aRefusedTokenIsSentOnceMoreWithTheRenewedOne() {
        rest.thenFail(new HttpStatusException("refused", 401)).thenAnswer("found");
        assertEquals("found", run(token).join());
        assertEquals(List.of("Bearer old", "Bearer new"), headersSent());
        assertEquals(1, renewals.get());
    }

    @Test
    void aSecondRefusalEndsTheCall() {
        HttpStatusException second = new HttpStatusException("refused again", 401);
        rest.thenFail(new HttpStatusException("refused", 401)).thenFail(second);
        assertSame(second, assertThrows(CompletionException.class, run(token)::join).getCause());
        assertEquals(2, rest.seen.size());
    }

    @Test
    void aRefusedKeyIsNotSentAgain() {
        HttpStatusException refused = new HttpStatusException("refused", 401);
        rest.thenFail(refused);
        assertSame(refused, assertThrows(CompletionException.class, run(Credentials.fixed("X-Keap-API-Key", "KeapAK-1"))::join).getCause());
        assertEquals(1, rest.seen.size());
    }

    @Test
    void otherFailuresPassThroughWithoutARenewal() {
        HttpStatusException forbidden = new HttpStatusException("forbidden", 403);
        rest.thenFail(forbidden);
        assertSame(forbidden, assertThrows(CompletionException.class, run(token)::join).getCause());
        assertEquals(0, renewals.get());
    }
}
