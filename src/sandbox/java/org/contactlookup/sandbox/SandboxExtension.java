package org.contactlookup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link Sandbox} for a JUnit 5 test class, or for each test, and closes it afterwards.
 * A test, {@code @BeforeEach} or {@code @AfterEach} method (and, per class, a {@code @BeforeAll}
 * or {@code @AfterAll} method or a constructor) gets it by declaring a {@code Sandbox}
 * parameter; the sandbox hands out its endpoints, keys, certificate and {@link Sandbox#trust()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension sandbox = SandboxExtension.perClass(b -> b.apiQuota(100, 1000));
 *
 * @Test
 * void findsJohn(Sandbox sandbox) { ... sandbox.keapEndpoint() ... sandbox.calls() ... }
 * }</pre>
 *
 * <p>{@code @ExtendWith(SandboxExtension.class)} gives one sandbox per class with the defaults.
 * A nested class shares its enclosing class's sandbox. Per class, the sandbox keeps its recorded
 * calls, queued faults and contacts from one test to the next; call {@link Sandbox#clearCalls()}
 * and {@link Sandbox#clearFaults()} where that matters. Starting one takes about a second (it
 * makes a new certificate), so prefer one per class. Safe for tests run in parallel when each
 * test takes the sandbox as a parameter; {@link #get()} is for tests run one at a time.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

    private final boolean perTest;
    private final Consumer<Sandbox.Builder> settings;
    private volatile Sandbox current;

    /** One sandbox per test class with the defaults: what {@code @ExtendWith(SandboxExtension.class)} uses. */
    public SandboxExtension() {
        this(false, builder -> {
        });
    }

    private SandboxExtension(boolean perTest, Consumer<Sandbox.Builder> settings) {
        this.perTest = perTest;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** One sandbox for the whole class, with the defaults. */
    public static SandboxExtension perClass() {
        return new SandboxExtension();
    }

    /** One sandbox for the whole class, with {@code settings} applied to a fresh builder. */
    public static SandboxExtension perClass(Consumer<Sandbox.Builder> settings) {
        return new SandboxExtension(false, settings);
    }

    /** A new sandbox for each test, with the defaults: new keys, certificate and contacts each time. */
    public static SandboxExtension perTest() {
        return new SandboxExtension(true, builder -> {
        });
    }

    /** A new sandbox for each test, with {@code settings} applied to a fresh builder each time. */
    public static SandboxExtension perTest(Consumer<Sandbox.Builder> settings) {
        return new SandboxExtension(true, settings);
    }

    /**
     * The sandbox of the test running now (or of the class, between its tests).
     *
     * @throws IllegalStateException when none is running
     */
    public Sandbox get() {
        Sandbox running = current;
        if (running == null) {
            throw new IllegalStateException("no sandbox is running: get() works inside a test or its @BeforeEach/@AfterEach");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            start(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            stop(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Sandbox resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Sandbox sandbox = context.getStore(NAMESPACE).get(this, Sandbox.class);
        if (sandbox == null) {
            throw new ParameterResolutionException("no sandbox is running for " + parameter.getDeclaringExecutable()
                    + ": a per-test sandbox starts after @BeforeAll and the constructor");
        }
        return sandbox;
    }

    /** Starts one unless an enclosing class's context already holds one (a nested class shares it). */
    private void start(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(this, Sandbox.class) != null) {
            return;
        }
        Sandbox.Builder builder = Sandbox.builder();
        settings.accept(builder);
        try {
            Sandbox sandbox = builder.start();
            store.put(this, sandbox);
            current = sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox did not start: " + e.getMessage(), e);
        }
    }

    /** Closes the sandbox this context started; one an enclosing context started stays up. */
    private void stop(ExtensionContext context) {
        Sandbox sandbox = context.getStore(NAMESPACE).remove(this, Sandbox.class);
        if (sandbox != null) {
            sandbox.close();
            current = context.getParent().map(parent -> parent.getStore(NAMESPACE).get(this, Sandbox.class)).orElse(null);
        }
    }
}
