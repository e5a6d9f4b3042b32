package org.contactlookup.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's own
 * {@code keytool} so that no test ever has to switch certificate checking off: the client
 * trusts the PEM file this writes, and nothing else changes.
 */
final class SelfSignedCertificate {
    private final Path pem;
    private final SSLContext serverContext;
    /** The folder made for this certificate alone, deleted with it; null when the caller chose the folder. */
    private final Path temporaryFolder;

    private SelfSignedCertificate(Path pem, SSLContext serverContext, Path temporaryFolder) {
        this.pem = pem;
        this.serverContext = serverContext;
        this.temporaryFolder = temporaryFolder;
    }

    /** Generates one in a new temporary folder, which {@link #discardTemporaryFolder()} deletes. */
    static SelfSignedCertificate generateInTemporaryFolder() throws IOException {
        Path folder = Files.createTempDirectory("sandbox");
        SelfSignedCertificate made = generate(folder);
        return new SelfSignedCertificate(made.pem, made.serverContext, folder);
    }

    /**
     * The certificate kept in {@code folder}: the one made there before, so that a copy of its
     * PEM handed to a deployed app stays valid across restarts, or a new one when there is none
     * (or what is there cannot be read). The key store and its password file are owner-only.
     */
    static SelfSignedCertificate generate(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path store = folder.resolve("sandbox-keystore.p12");
        Path passwordFile = folder.resolve("sandbox-keystore.password");
        Path pem = folder.resolve("sandbox-cert.pem");
        if (Files.isRegularFile(store) && Files.isRegularFile(passwordFile) && Files.isRegularFile(pem)) {
            try {
                return load(store, Files.readString(passwordFile).strip(), pem);
            } catch (IOException unreadable) {
                // made by an older sandbox or damaged: make a new one below
            }
        }
        Files.deleteIfExists(store);
        String password = UUID.randomUUID().toString();
        keytool("-genkeypair", "-alias", "sandbox", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "sandbox", "-keystore", store.toString(),
                "-storepass", password, "-file", pem.toString());
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
        return load(store, password, pem);
    }

    private static SelfSignedCertificate load(Path store, String password, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return new SelfSignedCertificate(pem, context, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the sandbox's key store " + store, e);
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

    /** A client's TLS context that trusts this certificate and nothing else. */
    SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's certificate " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the sandbox's certificate " + pem, e);
        }
    }

    /** Deletes the certificate and its folder when this class made the folder; otherwise leaves both. */
    void discardTemporaryFolder() {
        if (temporaryFolder == null) {
            return;
        }
        try {
            Files.deleteIfExists(pem);
            Files.deleteIfExists(temporaryFolder);
        } catch (IOException e) {
            // A temporary folder left behind is harmless; closing must not fail for it.
        }
    }
}
