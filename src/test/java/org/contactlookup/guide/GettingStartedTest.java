package org.contactlookup.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide program prints what the PHP guide's program prints, against the sandbox. */
class GettingStartedTest {
    @TempDir
    Path folder;

    /** What {@code run} printed on standard output. */
    private static String printed(Runnable run) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withNoArgumentsItFindsTheGuidesJohnDoeInTheSandboxAndPrintsHimAsPrintRDoes() {
        String output = printed(() -> {
            try {
                GettingStarted.main(new String[0]);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("""
                app connected!
                Array
                (
                    [0] => Array
                        (
                            [FirstName] => John
                            [Id] => 3
                            [LastName] => Doe
                        )

                )
                """, output);
    }

    @Test
    void nobodyFoundIsSaidAsTheGuideSaysIt() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Path connections = SandboxFiles.write(sandbox, folder);
            assertEquals("app connected!\nArray\n(\n)\nFound no one by that name\n",
                    printed(() -> GettingStarted.guide(connections, "sandbox", DemoContacts.NOBODY)));
            assertEquals(List.of("DataService.getAppSetting", "ContactService.findByEmail"),
                    sandbox.calls().stream().map(c -> c.method()).toList());
        }
    }

    @Test
    void aRefusedKeyStopsAfterConnectionFailed() throws Exception {
        try (Sandbox sandbox = Sandbox.builder().start()) {
            Path connections = SandboxFiles.write(sandbox, folder);
            Files.writeString(folder.resolve("sandbox-api.key"), "KeapAK-not-the-sandboxes-key\n");
            assertEquals("connection failed!\n", printed(() -> GettingStarted.guide(connections, "sandbox", DemoContacts.JOHN)));
            assertEquals(List.of("DataService.getAppSetting"), sandbox.calls().stream().map(c -> c.method()).toList());
        }
    }
}
