package org.contactlookup.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.contactlookup.client.config.Connection;

/**
 * Runs the sandbox on its own until Ctrl-C, for a deployed WAR or another integration to use.
 * {@code SANDBOX_PORT} sets the port (default 8443), {@code SANDBOX_DIR} the folder for its
 * certificate, keys and connection file (default {@code target/sandbox}), and
 * {@code SANDBOX_CONTACTS} a JSON file of contacts to start with instead of the demo ones (see
 * {@link SeedContacts#fromJson}). Its certificate is kept in that folder and used again at the
 * next start, so a deployed app's copy of it stays valid; with {@code SANDBOX_KEEP_KEYS=true} its
 * keys are kept too (new random ones otherwise).
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(envOr("SANDBOX_PORT", "8443"));
        Path folder = Path.of(envOr("SANDBOX_DIR", "target/sandbox")).toAbsolutePath();
        String contacts = envOr("SANDBOX_CONTACTS", "");
        SeedContacts seed = contacts.isEmpty() ? SeedContacts.demo() : SeedContacts.fromJson(Path.of(contacts));
        Sandbox.Builder builder = Sandbox.builder().port(port).folder(folder).contacts(seed);
        if (Boolean.parseBoolean(envOr("SANDBOX_KEEP_KEYS", "false"))) {
            SandboxFiles.keptKeys(folder).ifPresent(keys -> builder.keys(keys.get(0), keys.get(1), keys.get(2)));
        }
        Sandbox sandbox = builder.start();
        Path connections = SandboxFiles.write(sandbox, folder);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("Sandbox listening on " + sandbox.keapEndpoint() + ", " + sandbox.legacyEndpoint() + " and " + sandbox.restEndpoint());
        System.out.println("Connection file: " + connections);
        System.out.println("OAuth2: " + sandbox.authorizeEndpoint() + " and " + sandbox.tokenEndpoint()
                + " (connection sandbox-oauth2; authorize it first: README, \"OAuth2\")");
        if (contacts.isEmpty()) {
            System.out.println("Demo addresses:");
            DemoContacts.TRY_THESE.forEach((email, what) -> System.out.println("  " + email + "  (" + what + ")"));
        } else {
            System.out.println(seed.size() + " contacts from " + contacts);
        }
        System.out.println("Ctrl-C stops it.");
        stopped.await();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
