package org.contactlookup.web;

import java.util.function.Consumer;
import java.util.logging.Logger;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.ConnectionConfigException;

/**
 * Reads the connection file and its key again, every few seconds on the directory's background
 * thread, so that rotating a key is writing the new key file, and changing a setting is editing
 * the connection file: when what they give differs from the connection in use, the new one is
 * handed on and the log says so. A file that no longer gives a usable connection changes
 * nothing: the working connection stays, and the log says why, once per problem, and once more
 * when the file is mended.
 */
final class ConnectionReload implements Runnable {
    /** Reads the connection as the files give it now. */
    interface Reader {
        Connection read();
    }

    private static final Logger LOG = Logger.getLogger(ContactDirectory.class.getName());

    private final Reader reader;
    private final String where;
    private final Consumer<Connection> changed;
    private Connection current;
    private String lastProblem;

    /** @param where the connection file, for log lines */
    ConnectionReload(Connection current, Reader reader, String where, Consumer<Connection> changed) {
        this.current = current;
        this.reader = reader;
        this.where = where;
        this.changed = changed;
    }

    @Override
    public void run() {
        Connection fresh;
        try {
            fresh = reader.read();
        } catch (ConnectionConfigException | IllegalArgumentException e) {
            if (!e.getMessage().equals(lastProblem)) {
                lastProblem = e.getMessage();
                LOG.severe("connection '" + current.name() + "' kept as it was: " + where + " no longer gives a usable connection: "
                        + e.getMessage());
            }
            return;
        }
        if (lastProblem != null) {
            lastProblem = null;
            boolean same = fresh.equals(current);
            LOG.info(() -> where + " gives a usable connection again" + (same ? "; connection '" + current.name()
                    + "' is as it was before the broken edit" : ""));
        }
        if (!fresh.equals(current)) {
            String what = fresh.key().equals(current.key()) ? "its settings changed" : "its key changed";
            current = fresh;
            LOG.info(() -> "connection '" + fresh.name() + "' reloaded from " + where + ": " + what);
            changed.accept(fresh);
        }
    }
}
