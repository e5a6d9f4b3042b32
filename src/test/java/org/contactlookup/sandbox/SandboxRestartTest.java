package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A sandbox given a folder keeps its certificate there, so that the copy a deployed app trusts
 * stays valid when the standalone sandbox is restarted; its keys can be kept the same way.
 */
class SandboxRestartTest {
    @Test
    void aRestartInTheSameFolderKeepsTheCertificateADeployedAppTrusts() throws Exception {
        Path folder = Files.createTempDirectory("standalone");
        byte[] firstPem;
        try (Sandbox first = Sandbox.builder().folder(folder).start()) {
            firstPem = Files.readAllBytes(first.certificate());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("sandbox-keystore.p12"))));
        try (Sandbox second = Sandbox.builder().folder(folder).start()) {
            assertArrayEquals(firstPem, Files.readAllBytes(second.certificate()));
            HttpClient trustingTheFirst = HttpClient.newBuilder().sslContext(second.trust()).build();
            HttpResponse<String> answer = trustingTheFirst.send(HttpRequest.newBuilder(second.restEndpoint().resolve("v2/contacts"))
                    .header("X-Keap-API-Key", second.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    @Test
    void keysWrittenIntoAFolderCanBeReadBackForTheNextStart() throws Exception {
        Path folder = Files.createTempDirectory("standalone-keys");
        assertEquals(Optional.empty(), SandboxFiles.keptKeys(folder));
        try (Sandbox sandbox = Sandbox.builder().folder(folder).start()) {
            SandboxFiles.write(sandbox, folder);
            assertEquals(Optional.of(List.of(sandbox.legacyKey(), sandbox.apiKey(), sandbox.oauthToken())), SandboxFiles.keptKeys(folder));
        }
    }
}
