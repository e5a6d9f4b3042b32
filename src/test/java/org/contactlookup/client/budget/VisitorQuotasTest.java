package org.contactlookup.client.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.contactlookup.client.config.RateLimit;
import org.junit.jupiter.api.Test;

/** Visitors' quotas in memory: a burst of N, then one every period / N, and memory bounded whatever the number of visitors. */
class VisitorQuotasTest {
    @Test
    void aVisitorGetsItsQuotaAtOnceThenWaitsForTheNextOneAndOthersAreNotTouched() {
        VisitorQuotas quotas = new VisitorQuotas(List.of(RateLimit.parse("3/h"), RateLimit.parse("5/day")), 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), quotas.take("a"));
        }
        Duration wait = quotas.take("a").orElseThrow();
        assertTrue(wait.compareTo(Duration.ofMinutes(19)) > 0 && wait.compareTo(Duration.ofMinutes(20)) <= 0, wait.toString());
        assertTrue(quotas.take("a").isPresent(), "a refusal takes nothing, and changes nothing");
        assertEquals(Optional.empty(), quotas.take("b"));
    }

    @Test
    void theDayQuotaBindsWhenItIsTheStricter() {
        VisitorQuotas quotas = new VisitorQuotas(List.of(RateLimit.parse("100/min"), RateLimit.parse("2/day")), 100);
        quotas.take("a");
        quotas.take("a");
        Duration wait = quotas.take("a").orElseThrow();
        assertTrue(wait.compareTo(Duration.ofHours(11)) > 0 && wait.compareTo(Duration.ofHours(12)) <= 0, wait.toString());
    }

    @Test
    void pastItsLimitTheLeastRecentlySeenVisitorIsForgottenAndStartsAfresh() {
        VisitorQuotas quotas = new VisitorQuotas(List.of(RateLimit.parse("1/h")), 2);
        quotas.take("a");
        quotas.take("b");
        assertTrue(quotas.take("b").isPresent());
        quotas.take("c"); // a, seen least recently, is forgotten
        assertEquals(Optional.empty(), quotas.take("a"));
        assertTrue(quotas.take("c").isPresent(), "c is still remembered");
    }
}
