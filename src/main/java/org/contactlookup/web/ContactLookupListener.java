package org.contactlookup.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.contactlookup.client.ContactLookup;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.ConnectionConfigException;
import org.contactlookup.client.config.ConnectionFile;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.config.SecretSource;

/**
 * The guide's {@code $app->cfgCon("connectionName")}, done once for the whole app: reads which
 * connection to use, builds the one shared {@link ContactLookup}, starts the connection
 * check, and hands the result to the servlets as the context attribute
 * {@link ContactDirectory#ATTRIBUTE}, with the CSRF token signer as {@link CsrfTokens#ATTRIBUTE}.
 *
 * <p>Settings ({@link Settings} says where each is read from):
 * {@value #CONNECTION_FILE} the connection file; {@value #CONNECTION_NAME} the connection in it
 * (may be left out when the file defines only one); {@value #RECHECK_SECONDS} how often a failed
 * check is retried (default 30); {@value #RELOAD_SECONDS} how often the connection file and its key
 * are read again, so that a rotated key is used without a reload (default 5); {@value #REDIS} the Redis that keeps the rate limits of all nodes
 * ({@code redis://host:port} or {@code rediss://}; default none, limits in this JVM's memory),
 * {@value #REDIS_PASSWORD} its password ({@code $NAME} or {@code @file}, like keys),
 * {@value #REDIS_TIMEOUT_MILLIS} the longest one Redis connect or read may take (default 100),
 * {@value #NODES} how many nodes share the key (default 1): each keeps that share of the limits
 * in memory without Redis, or while Redis cannot be reached. A missing or broken setting never stops deployment: the page
 * and {@code /health} say the lookup is not set up, and the log says why.
 */
@WebListener
public final class ContactLookupListener implements ServletContextListener {
    public static final String CONNECTION_FILE = "contactlookup.connectionFile";
    public static final String CONNECTION_NAME = "contactlookup.connection";
    public static final String RECHECK_SECONDS = "contactlookup.recheckSeconds";
    public static final String REDIS = "contactlookup.redis";
    public static final String REDIS_PASSWORD = "contactlookup.redisPassword";
    public static final String REDIS_TIMEOUT_MILLIS = "contactlookup.redisTimeoutMillis";
    public static final String NODES = "contactlookup.nodes";
    public static final String RELOAD_SECONDS = "contactlookup.reloadSeconds";
    /** The last day Keap answers XML-RPC, as its migration notices give it. */
    static final String XMLRPC_END = "2026-12-31";
    private static final Logger LOG = Logger.getLogger(ContactLookupListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = new Settings(context);
        ContactDirectory directory = open(settings);
        context.setAttribute(ContactDirectory.ATTRIBUTE, directory);
        context.setAttribute(CsrfTokens.ATTRIBUTE, CsrfTokens.create(settings, directory::key));
        context.setAttribute(VisitorShares.ATTRIBUTE, VisitorShares.create(settings, directory));
    }

    static ContactDirectory open(Settings settings) {
        Optional<String> file = settings.get(CONNECTION_FILE);
        if (file.isEmpty()) {
            LOG.warning("no connection is set up: set " + CONNECTION_FILE + " (see the README); every lookup will say so");
            return ContactDirectory.notConfigured("no connection is set up");
        }
        try {
            Path path = Path.of(file.get());
            ConnectionFile connections = ConnectionFile.read(path, settings::value);
            String name = connectionName(settings, connections);
            Connection connection = connections.connection(name);
            BudgetStore budgets = budgets(settings, path.toAbsolutePath().getParent());
            ContactLookup client;
            try {
                client = ContactLookup.create(connection, budgets);
            } catch (IllegalArgumentException e) {
                budgets.close(); // nothing else will: the app goes on without a connection
                throw e;
            }
            LOG.info(() -> "using connection '" + connection.name() + "' (" + connection.authType() + " over "
                    + connection.protocol() + ") to " + connection.endpoint().getHost() + "; rate limits kept in " + budgets
                    + client.tokens().map(t -> "; OAuth2 tokens refreshed by this app, kept in " + t.keptIn()).orElse(""));
            warnIfXmlRpcEnds(connection, file.get());
            return ContactDirectory.start(client, budgets, settings.seconds(RECHECK_SECONDS, 30),
                    () -> ConnectionFile.read(path, settings::value).connection(name), file.get(), settings.seconds(RELOAD_SECONDS, 5));
        } catch (ConnectionConfigException | IllegalArgumentException e) {
            LOG.severe("the connection is not set up: " + e.getMessage());
            return ContactDirectory.notConfigured("the connection settings are wrong");
        }
    }

    /** Keap switches XML-RPC off; a key or token connection can move to REST v2 with one line. */
    private static void warnIfXmlRpcEnds(Connection connection, String file) {
        if (connection.protocol() == Protocol.XMLRPC && connection.authType() != AuthType.LEGACY_KEY) {
            LOG.warning("connection '" + connection.name() + "' uses XML-RPC, which Keap switches off on " + XMLRPC_END
                    + "; to move it to REST v2, add this line to " + file + ": " + connection.name() + ".protocol = rest"
                    + (connection.namesItsOwnEndpoint() ? " (and point " + connection.name() + ".endpoint at the REST v2 base, not "
                    + connection.endpoint() + ")" : "") + "; the app reads the file again within seconds");
        }
    }

    /** Where the rate limits are kept: Redis when an address is set, this JVM's memory otherwise. */
    private static BudgetStore budgets(Settings settings, Path folder) {
        int nodes = Math.toIntExact(Math.min(settings.positive(NODES, 1), 1000));
        Optional<String> redis = settings.get(REDIS);
        if (redis.isEmpty()) {
            return BudgetStore.inMemory(nodes);
        }
        Secret password = settings.get(REDIS_PASSWORD).map(field -> SecretSource.read(field,
                settings::value, folder, "the Redis password (" + REDIS_PASSWORD + ")")).orElse(null);
        Duration timeout = Duration.ofMillis(settings.positive(REDIS_TIMEOUT_MILLIS, 100));
        try {
            return BudgetStore.redis(URI.create(redis.get()), password, timeout, nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REDIS + ": " + e.getMessage(), e);
        }
    }

    private static String connectionName(Settings settings, ConnectionFile connections) {
        Optional<String> name = settings.get(CONNECTION_NAME);
        if (name.isPresent()) {
            return name.get();
        }
        List<String> names = connections.names();
        if (names.size() != 1) {
            throw new IllegalArgumentException("set " + CONNECTION_NAME + " to one of " + names);
        }
        return names.get(0);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object directory = event.getServletContext().getAttribute(ContactDirectory.ATTRIBUTE);
        if (directory instanceof ContactDirectory d) {
            d.close();
        }
        event.getServletContext().removeAttribute(ContactDirectory.ATTRIBUTE);
        event.getServletContext().removeAttribute(CsrfTokens.ATTRIBUTE);
        event.getServletContext().removeAttribute(VisitorShares.ATTRIBUTE);
    }
}
