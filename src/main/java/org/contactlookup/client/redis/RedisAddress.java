package org.contactlookup.client.redis;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Redis listens: {@code redis://host[:port][/db]}, or {@code rediss://} for TLS, with an
 * optional ACL user name ({@code redis://user@host}). A password never goes in the address:
 * addresses end up in log lines, so it is given separately; an address that carries one is
 * refused, and the refusal does not repeat it. Immutable.
 */
record RedisAddress(boolean tls, Optional<String> user, String host, int port, int database) {
    static final int DEFAULT_PORT = 6379;

    RedisAddress {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
    }

    static RedisAddress parse(URI uri) {
        Objects.requireNonNull(uri, "Redis address");
        String scheme = uri.getScheme();
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException("the Redis address must not carry a password (scheme://user:password@...);"
                    + " give the password separately");
        }
        String shown = withoutUserInfo(uri);
        if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))) {
            throw new IllegalArgumentException("the Redis address '" + shown
                    + "' must start with redis:// or, for TLS, rediss://");
        }
        if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the Redis address '" + shown + "' must name a host: "
                    + scheme + "://host:port");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the Redis address '" + shown + "' takes no query or fragment");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            if (!path.matches("/\\d{1,5}")) {
                throw new IllegalArgumentException("the Redis address '" + shown
                        + "' may end only in a database number, such as /0, not '" + path + "'");
            }
            database = Integer.parseInt(path.substring(1));
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the Redis address '" + shown + "' needs a port from 1 to 65535, not " + port);
        }
        Optional<String> user = Optional.ofNullable(uri.getUserInfo()).filter(u -> !u.isEmpty());
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new RedisAddress(scheme.equalsIgnoreCase("rediss"), user, host, port, database);
    }

    private static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        String text = uri.toString();
        int at = text.indexOf('@');
        int start = text.indexOf("//");
        return at > start && start >= 0 ? text.substring(0, start + 2) + text.substring(at + 1) : "(address with user name)";
    }

    /** The address as given, user name and password left out. */
    @Override
    public String toString() {
        return (tls ? "rediss" : "redis") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + (database == 0 ? "" : "/" + database);
    }
}
