package org.contactlookup.client.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

/** In front of the chain: shared identical lookups, the cap on those in flight, the cache, each lookup's bound. */
class LookupCoalescerTest {
    private static final List<String> FIELDS = List.of("Id");
    private static final List<Map<String, Object>> JOHN = List.of(Map.of("Id", 3));
    private final ManualScheduler clock = new ManualScheduler();
    private final AtomicInteger loads = new AtomicInteger();
    private CompletableFuture<List<Map<String, Object>>> loading = new CompletableFuture<>();

    private CompletableFuture<List<Map<String, Object>>> load() {
        loads.incrementAndGet();
        return loading;
    }

    private static CallPolicy policy() {
        return CallPolicy.defaults(AuthType.API_KEY).withPermitWait(Duration.ofSeconds(2)).withDeadline(Duration.ofSeconds(20));
    }

    @Test
    void identicalLookupsAtOnceShareOneLoadWhateverTheirCase() {
        LookupCoalescer lookups = new LookupCoalescer(policy(), clock);
        CompletableFuture<List<Map<String, Object>>> first = lookups.find("john.doe@example.com", FIELDS, this::load);
        CompletableFuture<List<Map<String, Object>>> second = lookups.find("John.Doe@Example.com", FIELDS, this::load);
        loading.complete(JOHN);
        assertSame(JOHN, first.join());
        assertSame(JOHN, second.join());
        assertEquals(1, loads.get());
        lookups.find("john.doe@example.com", FIELDS, this::load);
        assertEquals(2, loads.get(), "once answered, the next lookup loads again (no cache by default)");
    }

    @Test
    void pastTheCapALookupIsRefusedAtOnce() {
        LookupCoalescer lookups = new LookupCoalescer(policy().withMaxInFlight(1), clock);
        lookups.find("a@example.com", FIELDS, this::load);
        CompletionException e = assertThrows(CompletionException.class, lookups.find("b@example.com", FIELDS, this::load)::join);
        ThrottledException refused = (ThrottledException) e.getCause();
        assertEquals(ThrottledException.Source.IN_FLIGHT_CAP, refused.source());
        assertEquals("findByEmail was not sent: 1 lookups are already in flight on this connection", refused.getMessage());
        assertEquals(1, loads.get());
        loading.complete(JOHN);
        loading = new CompletableFuture<>();
        lookups.find("b@example.com", FIELDS, this::load);
        assertEquals(2, loads.get(), "an answered lookup frees its place");
    }

    @Test
    void aLookupEndsAtItsBoundEvenWhenTheLoadDoesNot() {
        LookupCoalescer lookups = new LookupCoalescer(policy(), clock);
        CompletableFuture<List<Map<String, Object>>> result = lookups.find("a@example.com", FIELDS, this::load);
        clock.advance(Duration.ofMillis(21_999));
        assertEquals(false, result.isDone());
        clock.advance(Duration.ofMillis(1));
        NetworkException timeout = (NetworkException) assertThrows(CompletionException.class, result::join).getCause();
        assertEquals("findByEmail ran out of time: no answer within 22000 ms", timeout.getMessage());
    }

    @Test
    void cachedResultsExpireOnTheClock() {
        LookupCoalescer lookups = new LookupCoalescer(policy().withCache(Duration.ofSeconds(1), 10), clock);
        loading.complete(JOHN);
        lookups.find("a@example.com", FIELDS, this::load).join();
        clock.advance(Duration.ofMillis(999));
        assertSame(JOHN, lookups.find("A@example.com", FIELDS, this::load).join());
        assertEquals(1, loads.get());
        clock.advance(Duration.ofMillis(1));
        lookups.find("a@example.com", FIELDS, this::load).join();
        assertEquals(2, loads.get());
    }
}
