package org.contactlookup.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's own
 * {@code keytool} so that no test ever has to switch certificate checking off: the client
 * trusts the PEM file this writes, and nothing else changes.
 */
final class SelfSignedCertificate {
    private final Path pem;
    private final SSLContext serverContext;

    private SelfSignedCertificate(Path pem, SSLContext serverContext) {
        this.pem = pem;
        this.serverContext = serverContext;
    }

    /** Generates a new key pair and certificate in {@code folder}: a PKCS#12 store and {@code sandbox-cert.pem}. */
    static SelfSignedCertificate generate(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path store = folder.resolve("sandbox-keystore.p12");
        Path pem = folder.resolve("sandbox-cert.pem");
        Files.deleteIfExists(store);
        String password = UUID.randomUUID().toString();
        keytool("-genkeypair", "-alias", "sandbox", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "sandbox", "-keystore", store.toString(),
                "-storepass", password, "-file", pem.toString());
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return new SelfSignedCertificate(pem, context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the generated key store", e);
        } finally {
            // The private key is only needed in memory from here on.
            Files.deleteIfExists(store);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** The certificate, PEM-encoded: what a client needs to trust the sandbox. */
    Path pem() {
        return pem;
    }

    SSLContext serverContext() {
        return serverContext;
    }
}
