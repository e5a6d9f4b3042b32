package org.contactlookup.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.contactlookup.client.Connection;
import org.contactlookup.client.ConnectionConfigException;
import org.contactlookup.client.ConnectionFile;
import org.contactlookup.client.ContactLookup;

/**
 * The guide's {@code $app->cfgCon("connectionName")}, done once for the whole app: reads which
 * connection to use, builds the one shared {@link ContactLookup}, starts the connection
 * check, and hands the result to the servlets as the context attribute
 * {@link ContactDirectory#ATTRIBUTE}, with the CSRF token signer as {@link CsrfTokens#ATTRIBUTE}.
 *
 * <p>Settings ({@link Settings} says where each is read from):
 * {@value #CONNECTION_FILE} the connection file; {@value #CONNECTION_NAME} the connection in it
 * (may be left out when the file defines only one); {@value #RECHECK_SECONDS} how often a failed
 * check is retried (default 30). A missing or broken setting never stops deployment: the page
 * and {@code /health} say the lookup is not set up, and the log says why.
 */
@WebListener
public final class ContactLookupListener implements ServletContextListener {
    public static final String CONNECTION_FILE = "contactlookup.connectionFile";
    public static final String CONNECTION_NAME = "contactlookup.connection";
    public static final String RECHECK_SECONDS = "contactlookup.recheckSeconds";
    private static final Logger LOG = Logger.getLogger(ContactLookupListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = new Settings(context);
        ContactDirectory directory = open(settings);
        context.setAttribute(ContactDirectory.ATTRIBUTE, directory);
        context.setAttribute(CsrfTokens.ATTRIBUTE, CsrfTokens.create(settings, directory::key));
    }

    static ContactDirectory open(Settings settings) {
        Optional<String> file = settings.get(CONNECTION_FILE);
        if (file.isEmpty()) {
            LOG.warning("no connection is set up: set " + CONNECTION_FILE + " (see the README); every lookup will say so");
            return ContactDirectory.notConfigured("no connection is set up");
        }
        try {
            ConnectionFile connections = ConnectionFile.read(Path.of(file.get()), name -> settings.get(name).orElse(null));
            Connection connection = connections.connection(connectionName(settings, connections));
            ContactLookup client = ContactLookup.create(connection);
            LOG.info(() -> "using connection '" + connection.name() + "' (" + connection.authType() + " over "
                    + connection.protocol() + ") to " + connection.endpoint().getHost());
            return ContactDirectory.start(client, settings.seconds(RECHECK_SECONDS, 30));
        } catch (ConnectionConfigException | IllegalArgumentException e) {
            LOG.severe("the connection is not set up: " + e.getMessage());
            return ContactDirectory.notConfigured("the connection settings are wrong");
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
    }
}
