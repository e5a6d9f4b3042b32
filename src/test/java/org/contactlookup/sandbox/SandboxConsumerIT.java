package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The sandbox jar as an outsider gets it. After {@code package}, the build installs the jar and
 * its POM into {@code target/consumer-repo} (see pom.xml); this test checks what they hold, then
 * builds {@code src/test/consumer}, a separate Maven project, against them. That build is offline:
 * everything else comes from the local repository this build uses, through a file mirror, so the
 * shared repository is only read. It runs under failsafe only (which sets the
 * {@code sandbox.it.*} properties), never in a surefire run such as {@code -Dtest=Sandbox*}, where
 * the jar may not exist yet.
 */
@EnabledIfSystemProperty(named = "sandbox.it.version", matches = ".+")
class SandboxConsumerIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path JAR = TARGET.resolve("contact-lookup-sandbox.jar");
    private static final Path REPOSITORY = TARGET.resolve("consumer-repo");
    private static final String VERSION = System.getProperty("sandbox.it.version");

    /** Top-level class names, each once, sorted. */
    private static List<String> topLevel(Stream<String> classFiles) {
        return classFiles.map(name -> name.replaceAll("(\\$.*)?\\.(class|java)$", "")).distinct().sorted().toList();
    }

    @Test
    void theJarHoldsExactlyTheSandboxSources() throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.list(Path.of("src/sandbox/java/org/contactlookup/sandbox"))) {
            sources = topLevel(files.map(f -> "org/contactlookup/sandbox/" + f.getFileName()));
        }
        List<String> classes;
        List<String> others;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
            classes = topLevel(names.stream().filter(n -> n.endsWith(".class")));
            others = names.stream().filter(n -> !n.endsWith(".class")).toList();
        }

        assertEquals(sources, classes);
        assertEquals(List.of("META-INF/MANIFEST.MF"), others);
    }

    @Test
    void theInstalledPomNamesOnlyWhatTheSandboxNeeds() throws Exception {
        Path pom = REPOSITORY.resolve("org/contactlookup/contact-lookup-sandbox/" + VERSION + "/contact-lookup-sandbox-" + VERSION + ".pom");
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getElementsByTagName("dependency");
        List<String> named = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            NodeList scope = d.getElementsByTagName("scope");
            named.add(text(d, "groupId") + ":" + text(d, "artifactId") + ":" + text(d, "version")
                    + (scope.getLength() == 0 ? "" : ":" + scope.item(0).getTextContent()));
        }

        assertEquals(List.of("com.fasterxml.jackson.jr:jackson-jr-objects:" + System.getProperty("sandbox.it.jacksonJr"),
                "org.junit.jupiter:junit-jupiter-api:" + System.getProperty("sandbox.it.junit") + ":provided"), named);
    }

    @Test
    void theConsumerTestsWithTheJUnitThisBuildFetchesForIt() throws Exception {
        // pom.xml fetches this JUnit before the integration tests, so an empty repository has it.
        String pom = Files.readString(Path.of("src/test/consumer/pom.xml"));
        String junit = "<artifactId>junit-jupiter</artifactId>\n      <version>" + System.getProperty("sandbox.it.consumerJunit") + "</version>";
        assertTrue(pom.contains(junit), "src/test/consumer/pom.xml and pom.xml's consumer.junit.version differ");
    }

    @Test
    void aSeparateProjectTestsWithTheInstalledJarAndPasses() throws Exception {
        Path project = TARGET.resolve("consumer");
        deleteTree(project);
        copyTree(Path.of("src/test/consumer"), project);
        Path settings = TARGET.resolve("consumer-settings.xml");
        Path shared = Path.of(System.getProperty("sandbox.it.sharedRepository"));
        Files.writeString(settings, "<settings><mirrors><mirror><id>shared-local</id><mirrorOf>*</mirrorOf><url>"
                + shared.toUri() + "</url></mirror></mirrors></settings>\n", StandardCharsets.UTF_8);
        Path log = TARGET.resolve("consumer-build.log");

        ProcessBuilder maven = new ProcessBuilder(mavenCommand(), "-B", "-q", "-o", "-Daether.offline.protocols=file",
                "-s", settings.toString(), "-Dmaven.repo.local=" + REPOSITORY, "-Dsandbox.version=" + VERSION, "test")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = maven.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }

        assertEquals(0, finished ? process.exitValue() : -1, () -> "the consumer's build failed; " + log + " ends:\n" + tail(log));
        assertEquals(List.of("tests=1 failures=0 errors=0 skipped=0 in com.example.integration.FindByEmailTest",
                "tests=4 failures=0 errors=0 skipped=0 in com.example.integration.SeededContactsTest"), reports(project));
    }

    private static String mavenCommand() {
        return Path.of(System.getProperty("sandbox.it.mavenHome"), "bin", "mvn").toString();
    }

    private static List<String> reports(Path project) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(project.resolve("target/surefire-reports"))) {
            for (Path report : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList()) {
                Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
                out.add("tests=" + suite.getAttribute("tests") + " failures=" + suite.getAttribute("failures") + " errors="
                        + suite.getAttribute("errors") + " skipped=" + suite.getAttribute("skipped") + " in " + suite.getAttribute("name"));
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
