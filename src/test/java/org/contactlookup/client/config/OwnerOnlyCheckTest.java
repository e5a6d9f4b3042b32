package org.contactlookup.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.contactlookup.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key file that others can read is named once per problem, never with its content, and never on every reload. */
class OwnerOnlyCheckTest {
    private static final String KEY = "KeapAK-do-not-print-me";

    @TempDir
    Path folder;

    private Path keyFile(String permissions) throws IOException {
        Path key = folder.resolve("main.key");
        Files.writeString(key, KEY + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(permissions));
        Files.write(folder.resolve("connections.cfg"), List.of("main:myapp:k:@main.key:a key kept in a file"));
        return key;
    }

    /** What the connection reload does every 5 s: the connection file and its key read again. */
    private void reload(int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(Secret.of(KEY), ConnectionFile.read(folder.resolve("connections.cfg"), name -> null).connection("main").key());
        }
    }

    private static String warning(Path file, String who, String permissions) {
        return "WARNING " + file + ", which holds the key of 'main', can be read by " + who + " (" + permissions
                + "): make it readable by its owner only, as with chmod go-rwx " + file;
    }

    @Test
    void aReadableKeyFileIsNamedOncePerProblemWithoutItsContent() throws Exception {
        Path key = keyFile("rw-r--r--");
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            reload(3);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
            reload(3);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            reload(3);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r-----r--"));
            reload(3);
            assertEquals(List.of(warning(key, "its group and by others", "rw-r--r--"), warning(key, "its group", "rw-r-----"),
                    warning(key, "others", "r-----r--")), log.lines());
        }
    }

    @Test
    void anOwnerOnlyKeyFileIsNotMentioned() throws Exception {
        keyFile("r--------");
        try (LogCapture log = new LogCapture("org.contactlookup.client")) {
            reload(2);
            assertEquals(List.of(), log.lines());
        }
    }

    /** The JDK's zip file system has no POSIX view unless asked for one: a real file system without permissions. */
    @Test
    void aFileSystemWithoutPosixPermissionsIsReadWithoutAWord() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(folder.resolve("keys.zip"), Map.of("create", "true"));
             LogCapture log = new LogCapture("org.contactlookup.client")) {
            Path inside = zip.getPath("/keys");
            Files.createDirectories(inside);
            Files.writeString(inside.resolve("main.key"), KEY);
            assertEquals(Secret.of(KEY), SecretSource.read("@main.key", name -> null, inside, "the key of 'main'"));
            assertEquals(List.of(), log.lines());
        }
    }
}
