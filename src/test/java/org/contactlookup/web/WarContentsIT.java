package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged WAR holds the app and its run-time libraries, and nothing else. */
class WarContentsIT {
    private static final Path WAR = Path.of("target", "contact-lookup.war");

    private static List<String> entries(String prefix) throws IOException {
        try (JarFile war = new JarFile(WAR.toFile())) {
            return Collections.list(war.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(prefix) && !name.endsWith("/")).sorted().toList();
        }
    }

    @Test
    void librariesAreExactlyTheRuntimeDependencies() throws IOException {
        assertEquals(List.of(
                "WEB-INF/lib/commons-pool2-2.13.1.jar",
                "WEB-INF/lib/encoder-1.5.0.jar",
                "WEB-INF/lib/error_prone_annotations-2.48.0.jar",
                "WEB-INF/lib/gson-2.14.0.jar",
                "WEB-INF/lib/jackson-core-2.23.0.jar",
                "WEB-INF/lib/jackson-jr-objects-2.23.0.jar",
                "WEB-INF/lib/jedis-8.0.2.jar",
                "WEB-INF/lib/json-20260719.jar",
                "WEB-INF/lib/redis-authx-core-0.1.1-beta2.jar",
                "WEB-INF/lib/slf4j-api-1.7.36.jar",
                "WEB-INF/lib/slf4j-jdk14-1.7.36.jar",
                "WEB-INF/lib/ws-commons-util-1.0.2.jar",
                "WEB-INF/lib/xmlrpc-client-3.1.3.jar",
                "WEB-INF/lib/xmlrpc-common-3.1.3.jar"), entries("WEB-INF/lib/"));
    }

    @Test
    void classesAreOnlyTheClientAndTheWebLayer() throws IOException {
        List<String> packages = entries("WEB-INF/classes/").stream()
                .map(name -> name.substring("WEB-INF/classes/".length(), name.lastIndexOf('/')))
                .distinct().toList();
        assertEquals(List.of("org/contactlookup/client", "org/contactlookup/client/budget", "org/contactlookup/client/chain",
                "org/contactlookup/client/config", "org/contactlookup/client/errors", "org/contactlookup/client/oauth",
                "org/contactlookup/client/protocol", "org/contactlookup/client/protocol/rest", "org/contactlookup/client/protocol/xmlrpc", "org/contactlookup/client/redis",
                "org/contactlookup/client/transport", "org/contactlookup/web"), packages);
    }

    @Test
    void everythingElseIsThePageAssetsAndDescriptors() throws IOException {
        List<String> rest = entries("").stream()
                .filter(name -> !name.startsWith("WEB-INF/classes/") && !name.startsWith("WEB-INF/lib/"))
                .filter(name -> !name.startsWith("META-INF/maven/"))
                .toList();
        assertEquals(List.of("META-INF/MANIFEST.MF", "WEB-INF/web.xml", "static/style.css"), rest);
    }
}
