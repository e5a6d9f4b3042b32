package org.contactlookup.client.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.contactlookup.client.config.Connection;

/** Builds the TLS context of a connection: the JVM's trust store, or only the certificates
 * in the connection's PEM file. Certificate and host name checks always stay on. */
public final class TrustMaterial {
    private TrustMaterial() {
    }

    public static SSLContext sslContext(Connection connection) {
        try {
            if (connection.trustFile().isEmpty()) {
                return SSLContext.getDefault();
            }
            Path pem = connection.trustFile().get();
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : readCertificates(pem)) {
                store.setCertificateEntry("trusted-" + index++, certificate);
            }
            if (index == 0) {
                throw new IllegalArgumentException("trust file " + pem + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("trust file for connection '" + connection.name()
                    + "' cannot be used: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }
}
