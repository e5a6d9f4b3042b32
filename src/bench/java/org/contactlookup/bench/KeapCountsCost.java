package org.contactlookup.bench;

import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.contactlookup.client.budget.Budget;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.budget.KeapCounts;
import org.contactlookup.client.config.ConnectionFile;

/**
 * What Keap's quota headers cost a lookup: one permit from the in-memory budget as a lookup takes
 * it, without any header heard, against one permit plus reading the headers of one answer (the
 * eleven the sandbox sends, as Keap names them) and handing them to the budget, on one thread.
 * Rounds of each alternate after a warm-up. Run on purpose:
 * {@code mvn -q -B -o test-compile exec:java -Dexec.mainClass=org.contactlookup.bench.KeapCountsCost
 * [-Dexec.args="CALLS ROUNDS"]} (defaults 200000 calls per round, 5 rounds of each way).
 */
public final class KeapCountsCost {
    private KeapCountsCost() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path file = Files.createTempFile("bench-keap", ".cfg");
        Files.writeString(file, "bench:bench:k:KeapAK-bench-not-a-key\nbench.limits = 1000000/s\n");
        Map<String, List<String>> sent = new LinkedHashMap<>();
        sent.put("x-keap-product-quota-limit", List.of("30000"));
        sent.put("x-keap-product-quota-time-unit", List.of("day"));
        sent.put("x-keap-product-quota-interval", List.of("1"));
        sent.put("x-keap-product-quota-used", List.of("120"));
        sent.put("x-keap-product-quota-available", List.of("29880"));
        sent.put("x-keap-product-quota-expiry-time", List.of(Long.toString(Instant.now().plus(Duration.ofHours(5)).getEpochSecond())));
        sent.put("x-keap-product-throttle-limit", List.of("240"));
        sent.put("x-keap-product-throttle-time-unit", List.of("minute"));
        sent.put("x-keap-product-throttle-interval", List.of("1"));
        sent.put("x-keap-product-throttle-used", List.of("3"));
        sent.put("x-keap-product-throttle-available", List.of("237"));
        HttpHeaders headers = HttpHeaders.of(sent, (name, value) -> true);
        try (BudgetStore plain = BudgetStore.inMemory(1); BudgetStore heard = BudgetStore.inMemory(1)) {
            Budget permitsOnly = plain.budgetFor(ConnectionFile.read(file).connection("bench"));
            Budget withHeaders = heard.budgetFor(ConnectionFile.read(file).connection("bench"));
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    permitsOnly.reserve("ContactService.findByEmail", Duration.ofDays(1));
                }
                long middle = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    withHeaders.reserve("ContactService.findByEmail", Duration.ofDays(1));
                    KeapCounts.read(headers::firstValue, Instant.now()).ifPresent(withHeaders::heard);
                }
                long end = System.nanoTime();
                if (round >= 0) {
                    best[0] = Math.min(best[0], middle - start);
                    best[1] = Math.min(best[1], end - middle);
                }
            }
            System.out.printf("permit alone: %.0f ns; permit and Keap's headers: %.0f ns; the headers cost %.0f ns a call (best of %d rounds of %d)%n",
                    (double) best[0] / calls, (double) best[1] / calls, (double) (best[1] - best[0]) / calls, rounds, calls);
        }
        Files.delete(file);
    }
}
