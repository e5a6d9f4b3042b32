package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.Sandbox;
import org.contactlookup.sandbox.SandboxFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged WAR on Debian's Tomcat 10.1, as an operator runs it: a private instance made by
 * {@code tomcat10-instance-create}, the settings in {@code conf/Catalina/localhost/contact-lookup.xml},
 * the sandbox running on its own, and the lines the README asks operators to add to
 * {@code server.xml} and {@code logging.properties}. Checked from outside over HTTP and raw
 * sockets, then redeployed and undeployed, and Tomcat's own log read for errors and leak warnings.
 * Until the last test the operator has chosen the guide's page ({@code contactlookup.reveal=guide});
 * the last one puts the page behind Tomcat's login as {@code deploying.md} shows, with its
 * default of revealing nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatDeploymentIT {
    private static final Path CATALINA_HOME = Path.of("/usr/share/tomcat10");
    private static final Path WAR = Path.of("target", "contact-lookup.war").toAbsolutePath();
    private static final Path INSTANCE = Path.of("target", "tomcat10-instance").toAbsolutePath();
    /** What the README asks an operator to add inside the Host of {@code server.xml}. */
    static final String README_ERROR_REPORT_VALVE =
            "<Valve className=\"org.apache.catalina.valves.ErrorReportValve\" showReport=\"false\" showServerInfo=\"false\"/>";
    /** What the README asks an operator to add to {@code logging.properties}. */
    static final String README_LOGGING_LINE = "org.apache.coyote.http11.Http11Processor.level = WARNING";
    private static final List<String> LEAK_WARNINGS = List.of("appears to have started a thread", "created a ThreadLocal",
            "registered the JDBC driver", "failed to unregister", "memory leak");

    private static Sandbox sandbox;
    private static Path connectionFile;
    private static Process tomcat;
    private static URI base;

    @BeforeAll
    static void deploy() throws Exception {
        assertTrue(Files.isExecutable(CATALINA_HOME.resolve("bin/catalina.sh")), "install Debian's tomcat10 and tomcat10-user");
        sandbox = Sandbox.builder().apiQuota(10_000, 1_000_000).start();
        Path conf = Files.createDirectories(Path.of("target", "tomcat10-conf").toAbsolutePath());
        Path connections = SandboxFiles.write(sandbox, conf);

        deleteTree(INSTANCE);
        int httpPort = freePort();
        run(List.of("tomcat10-instance-create", "-p", Integer.toString(httpPort), "-c", Integer.toString(freePort()),
                INSTANCE.toString()));
        Path serverXml = INSTANCE.resolve("conf/server.xml");
        String server = Files.readString(serverXml);
        // Loopback only; and no APR listener: the app does not use Tomcat Native, and an old
        // libtcnative on the machine would otherwise put a SEVERE line in the log at every start.
        Files.writeString(serverXml, server
                .replace("<Connector port=\"" + httpPort + "\"", "<Connector address=\"127.0.0.1\" port=\"" + httpPort + "\"")
                .replaceAll("<Listener className=\"org.apache.catalina.core.AprLifecycleListener\"[^>]*/>", "")
                .replaceFirst("(<Host name=\"localhost\"[^>]*>)", "$1\n        " + README_ERROR_REPORT_VALVE));
        assertTrue(Files.readString(serverXml).contains(README_ERROR_REPORT_VALVE), "the valve went into the Host");
        Files.writeString(INSTANCE.resolve("conf/logging.properties"), "\n" + README_LOGGING_LINE + "\n", StandardOpenOption.APPEND);
        connectionFile = connections;
        // First over REST v2, so that reloading and undeploying also check the JDK HTTP client's threads.
        writeDescriptor("sandbox-rest");
        Files.copy(WAR, INSTANCE.resolve("webapps/contact-lookup.war"));

        ProcessBuilder catalina = catalina("run");
        catalina.redirectErrorStream(true).redirectOutput(INSTANCE.resolve("logs/console.out").toFile());
        tomcat = catalina.start();
        base = URI.create("http://127.0.0.1:" + httpPort + "/contact-lookup/");
        awaitHealth(200, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (tomcat != null && tomcat.isAlive()) {
            Process stop = catalina("stop").redirectErrorStream(true).start();
            stop.waitFor(60, TimeUnit.SECONDS);
            if (!tomcat.waitFor(60, TimeUnit.SECONDS)) {
                tomcat.destroyForcibly();
            }
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void formIsServed() throws Exception {
        HttpResponse<String> form = new WebSession(base).openForm();
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<p class=\"status status-connected\" id=\"status\">Connected to Infusionsoft.</p>"));
    }

    @Test
    @Order(2)
    void lookupFindsADemoContact() throws Exception {
        WebSession session = new WebSession(base);
        session.openForm();
        HttpResponse<String> page = session.lookUp(DemoContacts.JOHN, "John", "Doe");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<tr><td>3</td><td>John</td><td>Doe</td><td>john.doe@example.com</td><td>matches</td></tr>"));
    }

    @Test
    @Order(3)
    void markupComesBackEncoded() throws Exception {
        WebSession session = new WebSession(base);
        session.openForm();
        String page = session.lookUp(DemoContacts.MARKUP, "Bob", "Smith").body();
        assertTrue(page.contains("<td>&lt;b&gt;Bobby&lt;/b&gt; &amp; &#34;Bob&#34;</td>"), page);
        assertFalse(page.contains("<script>"));
    }

    @Test
    @Order(4)
    void postWithoutTokenIsRefused() throws Exception {
        WebSession session = new WebSession(base);
        session.openForm();
        assertEquals(403, session.post("email=john.doe%40example.com&first=John&last=Doe",
                "application/x-www-form-urlencoded", session.cookieToken).statusCode());
    }

    @Test
    @Order(5)
    void oversizedBodyGets413OnTomcat10() throws Exception {
        WebSession session = new WebSession(base);
        session.openForm();
        assertEquals(413, session.post("csrf=" + session.token + "&email=" + "a".repeat(9000),
                "application/x-www-form-urlencoded", session.cookieToken).statusCode());
    }

    @Test
    @Order(6)
    void redeployAndUndeployLeaveACleanLog() throws Exception {
        Path deployed = INSTANCE.resolve("webapps/contact-lookup.war");
        // Redeploy: a newer WAR in place of the old one, as an upgrade does.
        Files.setLastModifiedTime(deployed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        awaitLog("Reloading Context with name [/contact-lookup] is completed", 1, Duration.ofSeconds(90));
        awaitHealth(200, Duration.ofSeconds(60));
        // Undeploy by removing the WAR, then deploy it again.
        Files.delete(deployed);
        awaitLog("Undeploying context [/contact-lookup]", 1, Duration.ofSeconds(90));
        awaitHealth(404, Duration.ofSeconds(60));
        // Tomcat deletes the app's descriptor with the WAR (the README warns operators), so both come
        // back. It deletes it after logging the undeploy: wait for that, up to 30 s.
        long descriptorDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.exists(descriptor()) && System.nanoTime() < descriptorDeadline) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(descriptor()), "Tomcat removed contact-lookup.xml on undeploy");
        writeDescriptor("sandbox");
        Files.copy(WAR, deployed, StandardCopyOption.REPLACE_EXISTING);
        awaitHealth(200, Duration.ofSeconds(90));

        String log = tomcatLog();
        List<String> problems = log.lines()
                .filter(line -> line.contains("SEVERE") || LEAK_WARNINGS.stream().anyMatch(line::contains))
                .toList();
        assertEquals(List.of(), problems);
        assertTrue(log.contains("org.contactlookup.web.ConnectionCheck.check connected to Infusionsoft through connection 'sandbox-rest'"),
                "the REST deployment's connection check is in Tomcat's log");
        assertTrue(log.contains("org.contactlookup.web.ConnectionCheck.check connected to Infusionsoft through connection 'sandbox'"),
                "the XML-RPC deployment's connection check is in Tomcat's log");
        WebSession session = new WebSession(base);
        session.openForm();
        assertTrue(session.lookUp(DemoContacts.SHARED, "Sam", "Lee").body()
                .contains("<tr><td>7</td><td>Sam</td><td>Lee</td><td>family@example.com</td><td>matches</td></tr>"));
        assertTrue(log.contains("lookup for j***@example.com: 1 found in "), "one line per lookup, address shortened");
    }

    @Test
    @Order(7)
    void noSecretOrWholeAddressInTomcatsLogs() throws Exception {
        String logs = tomcatLog();
        for (String secret : List.of(sandbox.apiKey(), sandbox.legacyKey(), sandbox.oauthToken(),
                DemoContacts.JOHN, DemoContacts.MARKUP)) {
            assertFalse(logs.contains(secret), "the logs hold " + secret.charAt(0) + "...");
        }
    }

    @Test
    @Order(8)
    void malformedRequestsGetTomcatsPageWithoutVersionOrStackTrace() throws Exception {
        for (MalformedRequests.Malformed request : MalformedRequests.all("/contact-lookup")) {
            RawHttp.Answer answer = RawHttp.send(base.getPort(), request.request());
            assertEquals(request.status(), answer.status(), request + ": " + answer.all());
            assertTrue(answer.body().endsWith(request.pageEnd()), request + ": " + answer.all());
            assertFalse(answer.all().contains("Tomcat") || answer.all().contains(".java:"), request + ": " + answer.all());
        }
        // A lookup after them: once its log line is written, theirs would have been too.
        WebSession session = new WebSession(base);
        session.openForm();
        session.lookUp(DemoContacts.NOBODY, "No", "Body");
        awaitLog("lookup for n***@example.com: 0 found in ", 1, Duration.ofSeconds(30));
        String log = tomcatLog();
        assertFalse(log.contains("Error parsing HTTP request header"), "a parse error was logged");
        assertFalse(log.contains("\tat org.apache.coyote."), "a stack trace was logged");
    }

    @Test
    @Order(9)
    void errorPagesOfRequestsRefusedInsideTheAppCarryTheSecurityHeaders() throws Exception {
        for (MalformedRequests.Refused request : MalformedRequests.refusedInsideTheApp("/contact-lookup")) {
            RawHttp.Answer answer = RawHttp.send(base.getPort(), request.request());
            assertEquals(request.status(), answer.status(), request + ": " + answer.all());
            assertTrue(answer.body().contains("<p class=\"problem\" role=\"alert\">" + request.message() + "</p>"), answer.all());
            ContainerPagesTest.SECURITY_HEADERS.forEach((name, value) ->
                    assertEquals(value, answer.header(name).orElse(null), request + ": " + name));
        }
    }

    /**
     * The login of deploying.md, done with its blocks as printed: the WAR's descriptor with the
     * constraint added (named by {@code altDDName}), a users file with a password hashed by
     * {@code digest.sh}, and the realm in {@code contact-lookup.xml}, which no longer chooses what the
     * page reveals. Changing that file makes Tomcat redeploy the app.
     */
    @Test
    @Order(10)
    void behindTomcatsLoginThePageAsksForAUserAndRevealsNothing() throws Exception {
        Path conf = connectionFile.getParent();
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(18));
        String hash = digest(deployingBlock("digest.sh").strip(), password);
        Path users = conf.resolve("users.xml");
        Files.writeString(users, deployingBlock("<tomcat-users>").replace("password=\"HASH\"", "password=\"" + hash + "\"")
                .replace("</tomcat-users>", "  <user username=\"outsider\" password=\"" + hash + "\" roles=\"other\"/>\n</tomcat-users>"));
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
        String warWebXml;
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            warWebXml = new String(war.getInputStream(war.getEntry("WEB-INF/web.xml")).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(warWebXml.endsWith("</web-app>\n"), warWebXml);
        Files.writeString(conf.resolve("web.xml"), warWebXml.replace("</web-app>\n", deployingBlock("<security-constraint>") + "</web-app>\n"));
        String operatorLines = "<!-- your Parameter and Environment lines, as at the top of this page -->";
        String appXml = deployingBlock("altDDName=");
        assertTrue(appXml.contains(operatorLines), appXml);
        Files.writeString(descriptor(), appXml.replace("/etc/contact-lookup", conf.toString()).replace(operatorLines,
                "<Parameter name=\"contactlookup.connectionFile\" value=\"" + connectionFile + "\" override=\"false\"/>\n"
                + "  <Parameter name=\"contactlookup.connection\" value=\"sandbox\" override=\"false\"/>"));

        WebSession stranger = new WebSession(base);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (stranger.get(base).statusCode() != 401 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        HttpResponse<String> refused = stranger.get(base);
        assertEquals(401, refused.statusCode());
        assertEquals("Basic realm=\"Contact lookup\"", refused.headers().firstValue("WWW-Authenticate").orElse(null));
        awaitHealth(200, Duration.ofSeconds(60));
        assertTrue(stranger.get(base.resolve("health")).body().startsWith("{\"status\":\"UP\",\"connection\":\"connected\""),
                "/health stays open, with its details on loopback");
        assertEquals(401, as("alice", "not" + password).get(base).statusCode());
        assertEquals(403, as("outsider", password).get(base).statusCode());

        WebSession alice = as("alice", password);
        HttpResponse<String> form = alice.openForm();
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<p class=\"status status-connected\" id=\"status\">Connected to Infusionsoft.</p>"));
        HttpResponse<String> found = alice.lookUp(DemoContacts.JOHN, "John", "Doe");
        assertEquals(200, found.statusCode());
        assertEquals(RevealNothingPageTest.MATCH_PAGE, RevealNothingPageTest.withoutToken(found.body()));
        assertEquals(RevealNothingPageTest.NO_MATCH_PAGE,
                RevealNothingPageTest.withoutToken(alice.lookUp(DemoContacts.JOHN, "Jane", "Roe").body()));
        List<String> severe = tomcatLog().lines().filter(line -> line.contains("SEVERE")).toList();
        assertEquals(List.of(), severe);
    }

    private static WebSession as(String user, String password) {
        WebSession session = new WebSession(base);
        session.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return session;
    }

    /** The one fenced block of deploying.md holding {@code marker}, as printed, without its list indentation. */
    private static String deployingBlock(String marker) throws IOException {
        Matcher block = Pattern.compile("```(?:xml|sh)\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("src/site/markdown/deploying.md")));
        List<String> found = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).contains(marker)) {
                found.add(block.group(1).stripIndent());
            }
        }
        assertEquals(1, found.size(), "blocks with " + marker + " in deploying.md");
        return found.get(0);
    }

    /** Runs the page's {@code digest.sh} line with {@code password}; the hash is what follows its last colon. */
    private static String digest(String line, String password) throws Exception {
        List<String> command = new ArrayList<>(List.of(line.split(" +")));
        assertTrue(command.remove("\"$PASSWORD\""), line);
        command.add(password);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "digest.sh failed");
        assertTrue(output.startsWith(password + ":"), "digest.sh printed something else");
        return output.substring(output.lastIndexOf(':') + 1);
    }

    private static Path descriptor() {
        return INSTANCE.resolve("conf/Catalina/localhost/contact-lookup.xml");
    }

    /** The operator's APP.xml: one setting as a context parameter, one through JNDI. */
    private static void writeDescriptor(String connection) throws IOException {
        Path appXml = Files.createDirectories(descriptor().getParent()).resolve("contact-lookup.xml");
        Files.writeString(appXml, "<Context>\n"
                + "  <Parameter name=\"contactlookup.connectionFile\" value=\"" + connectionFile + "\" override=\"false\"/>\n"
                + "  <Environment name=\"contactlookup.connection\" type=\"java.lang.String\" value=\"" + connection + "\" override=\"false\"/>\n"
                + "  <Parameter name=\"contactlookup.reveal\" value=\"guide\" override=\"false\"/>\n"
                + "</Context>\n");
        Files.setPosixFilePermissions(appXml, PosixFilePermissions.fromString("rw-r-----"));
    }

    private static String tomcatLog() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(INSTANCE.resolve("logs"))) {
            for (Path file : files.sorted().toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static void awaitLog(String text, int occurrences, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Path console = INSTANCE.resolve("logs/console.out");
        while (System.nanoTime() < deadline) {
            String log = Files.readString(console, StandardCharsets.UTF_8);
            if (log.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= occurrences) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Tomcat's log never said '" + text + "' " + occurrences + " times");
    }

    private static void awaitHealth(int status, Duration limit) throws Exception {
        WebSession session = new WebSession(base);
        long deadline = System.nanoTime() + limit.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            assertTrue(tomcat.isAlive(), "Tomcat exited; see " + INSTANCE.resolve("logs"));
            try {
                last = session.get(base.resolve("health")).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYetListening) {
                last = -1;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("health stayed " + last + ", expected " + status);
    }

    private static ProcessBuilder catalina(String command) {
        ProcessBuilder builder = new ProcessBuilder(CATALINA_HOME.resolve("bin/catalina.sh").toString(), command);
        builder.environment().put("CATALINA_HOME", CATALINA_HOME.toString());
        builder.environment().put("CATALINA_BASE", INSTANCE.toString());
        builder.environment().put("CATALINA_TMPDIR", INSTANCE.resolve("temp").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("CATALINA_OPTS");
        return builder;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : new ArrayList<>(paths.sorted(java.util.Comparator.reverseOrder()).toList())) {
                Files.delete(p);
            }
        }
    }

}
