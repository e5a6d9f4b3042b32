package org.contactlookup.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox on its own until Ctrl-C, for a deployed WAR, the launcher or another
 * integration to use; set up by environment variables ({@link StandaloneSettings} lists them).
 * Its certificate is kept in {@code SANDBOX_DIR} and used again at the next start, so a deployed
 * app's copy of it stays valid; with {@code SANDBOX_KEEP_KEYS=true} its keys, its OAuth2 client
 * and the OAuth2 tokens it issued are kept too (new random keys and client otherwise). Its
 * counters are served at {@value SandboxCounters#PATH}.
 *
 * <p>Exit status: 2 for a bad setting, 1 when the sandbox cannot start; the reason on standard error.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox;
        StandaloneSettings settings;
        Path connections;
        try {
            settings = StandaloneSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("The sandbox did not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            sandbox = start(settings);
            connections = SandboxFiles.write(sandbox, settings.folder());
        } catch (BindException e) {
            System.err.println("The sandbox did not start: port " + settings.port() + " is in use: stop what listens there,"
                    + " or set SANDBOX_PORT to another port");
            System.exit(1);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("The sandbox did not start: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        describe(sandbox, settings, connections, System.out);
        stopped.await();
    }

    private static Sandbox start(StandaloneSettings settings) throws IOException {
        Path folder = settings.folder();
        SeedContacts seed = settings.contacts().isPresent() ? SeedContacts.fromJson(settings.contacts().get()) : SeedContacts.demo();
        Sandbox.Builder builder = Sandbox.builder().port(settings.port()).folder(folder).contacts(seed)
                .tokenLifetimes(settings.accessLifetime(), settings.refreshLifetime());
        if (settings.keepKeys()) {
            SandboxFiles.keptKeys(folder).ifPresent(keys -> builder.keys(keys.get(0), keys.get(1), keys.get(2)));
            SandboxFiles.keptOAuthClient(folder).ifPresent(client -> builder.oauthClient(client.get(0), client.get(1)));
            builder.keepIssuedTokens(folder.resolve(SandboxFiles.ISSUED_TOKENS));
        }
        return builder.start();
    }

    private static void describe(Sandbox sandbox, StandaloneSettings settings, Path connections, PrintStream out) {
        out.println("Sandbox listening on " + sandbox.keapEndpoint() + ", " + sandbox.legacyEndpoint() + " and " + sandbox.restEndpoint());
        out.println("Connection file: " + connections);
        out.println("OAuth2: " + sandbox.authorizeEndpoint() + " and " + sandbox.tokenEndpoint()
                + " (connection sandbox-oauth2; authorize it first: see \"OAuth2 connections\")");
        out.println("OAuth2 access tokens last " + settings.accessLifetime().toSeconds() + " s, refresh tokens "
                + settings.refreshLifetime().toSeconds() + " s" + (settings.keepKeys() ? "; keys, client and tokens kept" : ""));
        out.println("Counters: https://localhost:" + sandbox.port() + SandboxCounters.PATH);
        if (settings.contacts().isEmpty()) {
            out.println("Demo addresses:");
            DemoContacts.TRY_THESE.forEach((email, what) -> out.println("  " + email + "  (" + what + ")"));
        } else {
            out.println(sandbox.contacts().size() + " contacts from " + settings.contacts().get());
        }
        out.println("Ctrl-C stops it.");
        out.flush();
    }
}
