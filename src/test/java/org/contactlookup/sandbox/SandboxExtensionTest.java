package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * SandboxExtension seen from outside: small test classes, run here through the JUnit launcher,
 * note the sandboxes they were given; afterwards each of those must be closed. The small classes
 * run only from here: {@code -Dtest=Sandbox*} would otherwise pick them up on their own.
 */
class SandboxExtensionTest {
    /** What the classes below were handed, in the order they ran. */
    static final List<Sandbox> SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean launching;

    static boolean launchedHere() {
        return launching;
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SEEN.clear();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launching = true;
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        } finally {
            launching = false;
        }
        return listener.getSummary();
    }

    private static void assertClosed(Sandbox sandbox) {
        assertThrows(ConnectException.class, () -> new Socket("localhost", sandbox.port()).close(), "port " + sandbox.port());
        assertFalse(Files.exists(sandbox.certificate()), "the certificate's temporary folder is gone");
    }

    @EnabledIf("org.contactlookup.sandbox.SandboxExtensionTest#launchedHere")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClass {
        @RegisterExtension
        static final SandboxExtension SANDBOX = SandboxExtension.perClass(b -> b.contacts(SeedContacts.none()));

        @BeforeAll
        static void before(Sandbox sandbox) {
            SEEN.add(sandbox);
        }

        @Test
        void a(Sandbox sandbox) {
            SEEN.add(sandbox);
            SEEN.add(SANDBOX.get());
        }

        @Test
        void b(Sandbox sandbox) {
            SEEN.add(sandbox);
            assertEquals(List.of(), sandbox.contacts(), "the settings were applied");
        }

        @Nested
        class Inner {
            @Test
            void c(Sandbox sandbox) {
                SEEN.add(sandbox);
            }
        }
    }

    @EnabledIf("org.contactlookup.sandbox.SandboxExtensionTest#launchedHere")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerTest {
        @RegisterExtension
        static final SandboxExtension SANDBOX = SandboxExtension.perTest(b -> b.keys("legacy", "KeapAK-test", "oauth"));

        @Test
        void a(Sandbox sandbox) {
            SEEN.add(sandbox);
        }

        @Test
        void b(Sandbox sandbox) {
            SEEN.add(sandbox);
            assertClosed(SEEN.get(0));
            assertEquals("KeapAK-test", sandbox.apiKey());
        }
    }

    @EnabledIf("org.contactlookup.sandbox.SandboxExtensionTest#launchedHere")
    @ExtendWith(SandboxExtension.class)
    static class Declared {
        @Test
        void a(Sandbox sandbox) {
            SEEN.add(sandbox);
            assertEquals(7, sandbox.contacts().size(), "the demo contacts");
        }
    }

    @EnabledIf("org.contactlookup.sandbox.SandboxExtensionTest#launchedHere")
    static class PerTestWantedInBeforeAll {
        @RegisterExtension
        static final SandboxExtension SANDBOX = SandboxExtension.perTest();

        @BeforeAll
        static void before(Sandbox sandbox) {
            SEEN.add(sandbox);
        }

        @Test
        void a() {
        }
    }

    @Test
    void perClassGivesEveryTestAndNestedClassTheSameSandboxAndClosesItAfterTheClass() {
        TestExecutionSummary summary = run(PerClass.class);

        assertEquals(3, summary.getTestsSucceededCount());
        assertEquals(5, SEEN.size());
        SEEN.forEach(seen -> assertSame(SEEN.get(0), seen));
        assertClosed(SEEN.get(0));
    }

    @Test
    void perTestGivesEachTestANewSandboxAndClosesItAfterTheTest() {
        TestExecutionSummary summary = run(PerTest.class);

        assertEquals(2, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertNotSame(SEEN.get(0), SEEN.get(1));
        assertClosed(SEEN.get(1));
    }

    @Test
    void extendWithGivesOneSandboxPerClassWithTheDefaults() {
        TestExecutionSummary summary = run(Declared.class);

        assertEquals(1, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertClosed(SEEN.get(0));
    }

    @Test
    void aPerTestSandboxCannotBeHadBeforeAllWithAMessageSayingWhy() {
        TestExecutionSummary summary = run(PerTestWantedInBeforeAll.class);

        assertEquals(1, summary.getFailures().size());
        assertEquals("no sandbox is running for static void org.contactlookup.sandbox.SandboxExtensionTest$PerTestWantedInBeforeAll"
                + ".before(org.contactlookup.sandbox.Sandbox): a per-test sandbox starts after @BeforeAll and the constructor",
                summary.getFailures().get(0).getException().getMessage());
    }
}
