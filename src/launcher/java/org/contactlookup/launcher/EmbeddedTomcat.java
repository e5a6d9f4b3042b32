package org.contactlookup.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.scan.StandardJarScanFilter;

/**
 * The app inside an embedded Tomcat 11, served from the build's classes and the {@code webapp}
 * folder exactly as the WAR lays them out. Used by the launcher and by the tests.
 */
public final class EmbeddedTomcat implements AutoCloseable {
    /**
     * Tomcat's HTTP/1.1 parser logs the first malformed request of each connection processor at
     * INFO with a full stack trace. Held here, not just configured, because java.util.logging
     * forgets the level of a logger nobody references.
     */
    private static final Logger PARSE_ERRORS = Logger.getLogger("org.apache.coyote.http11.Http11Processor");

    private final Tomcat tomcat;
    private final String contextPath;
    private final Context context;

    private EmbeddedTomcat(Tomcat tomcat, String contextPath, Context context) {
        this.tomcat = tomcat;
        this.contextPath = contextPath;
        this.context = context;
    }

    /**
     * Starts Tomcat on loopback.
     *
     * @param port              0 for any free port
     * @param contextPath       "" for the root, or "/name"
     * @param contextParameters the app's settings, as {@code <Parameter>}s in APP.xml would give them
     */
    public static EmbeddedTomcat start(int port, String contextPath, Map<String, String> contextParameters)
            throws IOException, LifecycleException {
        return start(port, contextPath, contextParameters, (tomcat, context) -> { });
    }

    /**
     * Like {@link #start(int, String, Map)}, with {@code customize} given Tomcat and the app's
     * context before either starts: for what an operator adds in {@code server.xml} or
     * {@code APP.xml}, such as a valve, a realm or another address to listen on.
     */
    public static EmbeddedTomcat start(int port, String contextPath, Map<String, String> contextParameters,
                                       BiConsumer<Tomcat, Context> customize) throws IOException, LifecycleException {
        Path base = Files.createTempDirectory("tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("localhost");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        hideContainerDetails(tomcat);
        // Tomcat's default web.xml would add the JSP servlet, which the app neither uses nor ships.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(contextPath, Path.of("webapp").toAbsolutePath().toString());
        addDefaultServlet(context);
        WebResourceRoot resources = new StandardRoot(context);
        resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
                new File("target/classes").getAbsolutePath(), "/"));
        context.setResources(resources);
        // Only our own classes carry annotations; scanning the test class path's jars would take seconds.
        StandardJarScanFilter filter = new StandardJarScanFilter();
        filter.setDefaultTldScan(false);
        filter.setDefaultPluggabilityScan(false);
        context.getJarScanner().setJarScanFilter(filter);
        // Added at every configure, not once: a reload (a redeploy) clears the parameters and
        // would otherwise start the app without its settings.
        Map<String, String> parameters = Map.copyOf(contextParameters);
        context.addLifecycleListener(event -> {
            if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                parameters.forEach((name, value) -> {
                    if (context.findParameter(name) == null) {
                        context.addParameter(name, value);
                    }
                });
            }
        });
        // Under `mvn exec:java` our classes live in a loader Tomcat would not look in by default.
        context.setParentClassLoader(EmbeddedTomcat.class.getClassLoader());
        customize.accept(tomcat, context);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED || tomcat.getConnector().getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new LifecycleException("the app did not start on port " + port + "; the log above says why");
        }
        return new EmbeddedTomcat(tomcat, contextPath, context);
    }

    /**
     * What the README asks of an operator's own Tomcat, done here too: Tomcat's own error pages
     * (for requests it refuses before the app sees them) without a version or a stack trace, and
     * a malformed request logged without a stack trace (a WARNING or worse still shows).
     */
    private static void hideContainerDetails(Tomcat tomcat) {
        ErrorReportValve errorPages = new ErrorReportValve();
        errorPages.setShowReport(false);
        errorPages.setShowServerInfo(false);
        // The Host adds a default ErrorReportValve at start only when it has none already.
        tomcat.getHost().getPipeline().addValve(errorPages);
        PARSE_ERRORS.setLevel(Level.WARNING);
    }

    /** Static files (the stylesheet) as a standalone Tomcat serves them, without directory listings. */
    private static void addDefaultServlet(Context context) {
        Wrapper files = context.createWrapper();
        files.setName("default");
        files.setServletClass("org.apache.catalina.servlets.DefaultServlet");
        files.addInitParameter("listings", "false");
        files.setLoadOnStartup(1);
        context.addChild(files);
        context.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The app's address, ending in a slash: the form's page. */
    public URI base() {
        return URI.create("http://localhost:" + port() + contextPath + "/");
    }

    public Context context() {
        return context;
    }

    /** How many of the connector's request threads are running a request right now. */
    public int busyRequestThreads() {
        return tomcat.getConnector().getProtocolHandler().getExecutor() instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool
                ? pool.getActiveCount() : -1;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
