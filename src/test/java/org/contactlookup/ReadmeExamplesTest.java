package org.contactlookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of the README and its topic pages ({@code src/site/markdown}), compiled and
 * run as they are printed, against the files the repository ships: a reader who copies one gets
 * code that works.
 */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = "import java.nio.file.*; import java.time.*; import java.util.*; "
            + "import org.contactlookup.client.*; import org.contactlookup.client.config.*; import org.contactlookup.sandbox.*; import org.contactlookup.launcher.*;";

    /** The README and its topic pages: where examples may be. */
    static List<Path> documents() throws Exception {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (var pages = Files.list(Path.of("src/site/markdown"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The one Java block, in the README or a topic page, that contains {@code marker}. */
    private static String block(String marker) throws Exception {
        List<String> found = new ArrayList<>();
        for (Path document : documents()) {
            Matcher m = JAVA_BLOCK.matcher(Files.readString(document));
            while (m.find()) {
                if (m.group(1).contains(marker)) {
                    found.add(m.group(1));
                }
            }
        }
        assertEquals(1, found.size(), "Java blocks with " + marker + " in the README and its pages");
        return found.get(0);
    }

    /** Compiles {@code body} as a method taking {@code sandbox} and {@code folder}, and runs it. */
    private static Object run(String name, String body, Sandbox sandbox, Path folder) throws Exception {
        Path sources = Files.createTempDirectory("readme-src");
        Path classes = Files.createTempDirectory("readme-classes");
        Path source = sources.resolve(name + ".java");
        Files.writeString(source, IMPORTS + "\npublic class " + name + " {\n"
                + "public static Object run(Sandbox sandbox, Path folder) throws Exception {\n" + body + "\n}\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int status = javac.run(null, null, null, "-proc:none", "-classpath", classPath, "-d", classes.toString(), source.toString());
        assertEquals(0, status, "the README example " + name + " compiles:\n" + body);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExamplesTest.class.getClassLoader())) {
            Method method = loader.loadClass(name).getMethod("run", Sandbox.class, Path.class);
            return method.invoke(null, sandbox, folder);
        }
    }

    @Test
    void theClientExampleRunsAgainstTheShippedConnectionFileAndTheStandaloneSandbox() throws Exception {
        Path folder = Path.of("target", "sandbox").toAbsolutePath();
        try (Sandbox sandbox = Sandbox.builder().port(8443).folder(folder).start()) {
            SandboxFiles.write(sandbox, folder);
            run("ClientExample", block("ConnectionFile.read(Path.of(\"conf/connections.cfg\"))") + "\nreturn null;", sandbox, folder);
            List<String> methods = sandbox.calls().stream().map(c -> c.method()).toList();
            assertEquals(List.of("DataService.getAppSetting", "ContactService.findByEmail", "ContactService.add",
                    "ContactService.findByEmail"), methods);
        }
    }

    @Test
    void theSeedExampleStartsASandboxWithThoseContacts() throws Exception {
        try (Sandbox seeded = (Sandbox) run("SeedExample", "return " + block("SeedContacts.of("), null, null)) {
            List<Object> names = seeded.contacts().stream().map(c -> c.get("FirstName")).sorted().toList();
            assertEquals(List.of("Ann", "Bo"), names);
        }
    }

    @Test
    void theEmbeddedAppExampleServesTheAppAgainstASandbox() throws Exception {
        Path folder = Files.createTempDirectory("readme-app");
        try (Sandbox sandbox = Sandbox.builder().start();
             EmbeddedTomcat app = (EmbeddedTomcat) run("AppExample", block("EmbeddedTomcat.start(") + "\nreturn app;", sandbox, folder)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health;
            long deadline = System.nanoTime() + 10_000_000_000L;
            do {
                Thread.sleep(50);
                health = http.send(HttpRequest.newBuilder(app.base().resolve("health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            } while (health.statusCode() != 200 && System.nanoTime() < deadline);
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().startsWith("{\"status\":\"UP\",\"connection\":\"connected\""), health.body());
        }
    }
}
