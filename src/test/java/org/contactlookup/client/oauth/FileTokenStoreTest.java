package org.contactlookup.client.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.contactlookup.client.config.Secret;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file: owner-only, replaced whole, never by an older pair, one refresher at a time. */
class FileTokenStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path folder;

    private static Tokens pair(String name, Instant obtained) {
        return new Tokens(Secret.of("access-" + name), Secret.of("refresh-" + name), obtained.plus(Duration.ofHours(24)), obtained);
    }

    @Test
    void aSavedPairIsReadBackFromAnOwnerOnlyFileAndNothingElseIsLeft() throws Exception {
        FileTokenStore store = new FileTokenStore(folder.resolve("keap/tokens.json"));
        assertEquals(Optional.empty(), store.load());
        store.save(pair("a", NOW));
        assertEquals(Optional.of(pair("a", NOW)), store.load());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        try (var files = Files.list(store.file().getParent())) {
            assertEquals(List.of("tokens.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void anOlderPairNeverReplacesANewerOne() {
        FileTokenStore store = new FileTokenStore(folder.resolve("tokens.json"));
        store.save(pair("new", NOW));
        assertEquals(pair("new", NOW), store.save(pair("old", NOW.minusSeconds(60))));
        assertEquals(pair("new", NOW), store.load().orElseThrow());
        assertEquals(pair("newer", NOW.plusSeconds(1)), store.save(pair("newer", NOW.plusSeconds(1))));
    }

    @Test
    void aDamagedFileIsNamedWithoutItsContentAndReplacedByTheNextSave() throws Exception {
        Path file = folder.resolve("tokens.json");
        Files.writeString(file, "{\"access_token\":\"SECRET-ACCESS\"}");
        FileTokenStore store = new FileTokenStore(file);
        TokenStoreException e = assertThrows(TokenStoreException.class, store::load);
        assertEquals("the token file " + file + " is unusable: it does not hold access_token, refresh_token, expires_at and obtained_at",
                e.getMessage());
        store.save(pair("a", NOW));
        assertEquals(pair("a", NOW), store.load().orElseThrow());
    }

    @Test
    void aTokenFileItsGroupCanReadIsNamedOnceAndMendedByTheNextSave() throws Exception {
        FileTokenStore store = new FileTokenStore(folder.resolve("tokens.json"));
        store.save(pair("a", NOW));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r-----"));
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            store.load();
            store.load();
            store.save(pair("b", NOW.plusSeconds(1)));
            store.load();
            assertEquals(List.of("WARNING " + store.file() + ", which holds OAuth2 tokens, can be read by its group (rw-r-----): "
                    + "make it readable by its owner only, as with chmod go-rwx " + store.file()), log.lines());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    }

    @Test
    void oneLeaseAtATimeForOneFile() {
        FileTokenStore first = new FileTokenStore(folder.resolve("tokens.json"));
        FileTokenStore second = new FileTokenStore(folder.resolve("./tokens.json"));
        Optional<TokenStore.Lease> lease = first.tryLease(Duration.ofSeconds(30));
        assertTrue(lease.isPresent());
        assertFalse(second.tryLease(Duration.ofSeconds(30)).isPresent(), "the same file, named another way");
        lease.get().close();
        Optional<TokenStore.Lease> again = second.tryLease(Duration.ofSeconds(30));
        assertTrue(again.isPresent());
        again.get().close();
    }

    @Test
    void aLeaseNotClosedInTimeGoesToTheNextCaller() throws Exception {
        FileTokenStore store = new FileTokenStore(folder.resolve("tokens.json"));
        TokenStore.Lease forgotten = store.tryLease(Duration.ofMillis(200)).orElseThrow();
        assertFalse(store.tryLease(Duration.ofSeconds(30)).isPresent());
        Thread.sleep(250);
        TokenStore.Lease next = store.tryLease(Duration.ofSeconds(30)).orElseThrow();
        forgotten.close(); // late: it no longer holds anything, and must not free the new holder's lease
        assertFalse(store.tryLease(Duration.ofSeconds(30)).isPresent());
        next.close();
    }

    @Test
    void thePairIsDueAQuarterOfItsLifetimeBeforeExpiryAndAtMostAnHourBefore() {
        Tokens keap = pair("a", NOW);
        assertEquals(NOW.plus(Duration.ofHours(23)), keap.refreshAt());
        Tokens short_ = new Tokens(Secret.of("a"), Secret.of("r"), NOW.plusSeconds(4), NOW);
        assertEquals(NOW.plusSeconds(3), short_.refreshAt());
        Tokens long_ = new Tokens(Secret.of("a"), Secret.of("r"), NOW.plus(Duration.ofDays(60)), NOW);
        assertEquals(NOW.plus(Duration.ofDays(30)), long_.refreshAt(), "before a 45-day refresh token ages out");
        assertFalse(keap.toString().contains("access-a") || keap.toString().contains("refresh-a"));
    }
}
