package org.contactlookup.client.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
            assertEquals(List.of("tokens.json", "tokens.json.lock"), files.map(f -> f.getFileName().toString()).sorted().toList());
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

    /** The JDK's zip file system has no POSIX view unless asked for one: a real file system without permissions. */
    @Test
    void onAFileSystemWithoutPosixPermissionsNothingIsWrittenAndTheMessageSaysWhatToDo() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(folder.resolve("tokens.zip"), Map.of("create", "true"))) {
            FileTokenStore store = new FileTokenStore(zip.getPath("/keap/tokens.json"));
            String expected = "the token file /keap/tokens.json is on a file system without POSIX permissions, where it cannot be made "
                    + "readable by its owner only: name a token file on one that has them (a local Linux or macOS file system), "
                    + "or keep the tokens in Redis (contactlookup.redis)";
            assertEquals(expected, assertThrows(TokenStoreException.class, store::checkOwnerOnly).getMessage());
            assertEquals(expected, assertThrows(TokenStoreException.class, store::checkWritable).getMessage(), "the authorize command");
            assertEquals(expected, assertThrows(TokenStoreException.class, () -> store.save(pair("a", NOW))).getMessage());
            assertFalse(Files.exists(zip.getPath("/keap")));
        }
    }

    /**
     * Two Tomcats on one file: while another process holds the write lock (and is about to write a
     * newer pair), a save waits, then finds that pair and keeps it instead of putting an older one back.
     */
    @Test
    void aSaveWaitsForAnotherProcessesWriteAndNeverPutsAnOlderPairBack() throws Exception {
        FileTokenStore store = new FileTokenStore(folder.resolve("tokens.json"));
        store.save(pair("old", NOW));
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TokenFileWriter.class.getName(),
                store.file().toString(), "newest", NOW.plusSeconds(2).toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", said.readLine());
            CompletableFuture<Tokens> saving = CompletableFuture.supplyAsync(() -> store.save(pair("mine", NOW.plusSeconds(1))));
            Thread.sleep(500);
            assertFalse(saving.isDone(), "the save waits for the other process's write");
            other.getOutputStream().write('\n');
            other.getOutputStream().flush();
            assertEquals(pair("newest", NOW.plusSeconds(2)), saving.get(10, TimeUnit.SECONDS));
            assertEquals(0, other.waitFor());
            assertEquals(Optional.of(pair("newest", NOW.plusSeconds(2))), store.load());
        } finally {
            other.destroy();
        }
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
