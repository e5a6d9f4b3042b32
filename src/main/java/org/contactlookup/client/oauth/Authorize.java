package org.contactlookup.client.oauth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.ConnectionConfigException;
import org.contactlookup.client.config.ConnectionFile;
import org.contactlookup.client.config.OAuthSettings;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.HttpEngine;
import org.contactlookup.client.transport.Timer;

/**
 * The first authorization of an OAuth2 connection, run once by an operator:
 * {@code java -cp ... org.contactlookup.client.oauth.Authorize CONNECTION_FILE [NAME]}. It prints
 * Keap's authorize address for the connection's client id and redirect address, with a fresh
 * random {@code state}; the operator opens it, approves, and pastes back the address the browser
 * was sent to. The state must match, the code is exchanged once at the token endpoint, and the
 * pair goes into the connection's token file (owner-only); a running app picks it up from there.
 * No token is ever printed.
 *
 * <p>Exit status: 0 when the tokens are stored, 1 when something failed (the reason on standard
 * error), 2 for wrong arguments.
 */
public final class Authorize {
    private Authorize() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, in, System.out, System.err, System::getenv));
    }

    /** The command, with its streams and environment given: what {@link #main} runs. */
    public static int run(String[] args, BufferedReader in, PrintStream out, PrintStream err, UnaryOperator<String> environment)
            throws IOException {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: Authorize CONNECTION_FILE [CONNECTION_NAME]");
            return 2;
        }
        Connection connection;
        try {
            ConnectionFile file = ConnectionFile.read(Path.of(args[0]), environment);
            String name = args.length == 2 ? args[1] : onlyName(file);
            connection = file.connection(name);
        } catch (ConnectionConfigException | IllegalArgumentException e) {
            err.println("cannot authorize: " + e.getMessage());
            return 1;
        }
        OAuthSettings oauth = connection.oauth();
        if (oauth == null || oauth.redirectUri() == null) {
            err.println("cannot authorize: connection '" + connection.name() + "' needs clientId, clientSecret and redirectUri "
                    + "settings (see the README, \"OAuth2\")");
            return 1;
        }
        try {
            new FileTokenStore(oauth.tokenFile()).checkWritable(); // before a code is spent on a file that cannot be written
        } catch (TokenStoreException e) {
            err.println("cannot authorize: " + e.getMessage());
            return 1;
        }
        String state = HexFormat.of().formatHex(randomBytes());
        out.println("1. Open this address in a browser, signed in to the Keap account, and approve the application:");
        out.println();
        out.println(authorizeAddress(oauth, state));
        out.println();
        out.println("2. Keap then sends the browser to " + oauth.redirectUri() + " (the page need not exist).");
        out.println("   Paste the whole address from the browser's address bar here, then press Enter:");
        out.flush();
        String answer = in.readLine();
        Map<String, String> query = answer == null ? Map.of() : queryOf(answer.strip());
        if (query.containsKey("error") && state.equals(query.get("state"))) {
            String description = query.getOrDefault("error_description", "").replaceAll("[^A-Za-z0-9_ .,'-]", "?");
            err.println("cannot authorize: Keap answered " + query.get("error").replaceAll("[^A-Za-z0-9_.-]", "?")
                    + (description.isEmpty() ? "" : " (" + description + ")"));
            return 1;
        }
        if (!state.equals(query.get("state")) || !query.containsKey("code")) {
            err.println("cannot authorize: that address does not answer this request (its state does not match, or it has no code); "
                    + "run the command again and paste the address Keap sent the browser to");
            return 1;
        }
        try (Timer timer = new Timer(connection.name())) {
            HttpEngine engine = new HttpEngine(connection, timer);
            TokenEndpoint endpoint = new TokenEndpoint(connection, engine);
            Tokens tokens = Futures.await(endpoint.exchangeCode(query.get("code"), oauth.redirectUri().toString(),
                    connection.readTimeout()), "the code exchange");
            new FileTokenStore(oauth.tokenFile()).save(tokens);
            out.println("Authorized. The tokens are in " + oauth.tokenFile() + " (readable by " + System.getProperty("user.name")
                    + " only); the access token is valid until " + tokens.expiresAt().truncatedTo(ChronoUnit.SECONDS) + ".");
            out.println("A running app picks them up within a minute. The app must be able to read the file and write its folder:"
                    + " run this command as the user Tomcat runs as, or hand both over to that user.");
            return 0;
        } catch (InfusionsoftException | TokenStoreException e) {
            err.println("cannot authorize: " + e.getMessage());
            return 1;
        }
    }

    static URI authorizeAddress(OAuthSettings oauth, String state) {
        return URI.create(oauth.authorizeEndpoint() + "?client_id=" + encode(oauth.clientId().reveal())
                + "&redirect_uri=" + encode(oauth.redirectUri().toString()) + "&response_type=code&scope=full&state=" + state);
    }

    private static String onlyName(ConnectionFile file) {
        if (file.names().size() != 1) {
            throw new IllegalArgumentException("the file defines " + file.names() + ": name the connection to authorize");
        }
        return file.names().get(0);
    }

    private static Map<String, String> queryOf(String address) {
        int question = address.indexOf('?');
        Map<String, String> query = new HashMap<>();
        if (question < 0) {
            return query;
        }
        String rest = address.substring(question + 1);
        int hash = rest.indexOf('#');
        for (String pair : (hash < 0 ? rest : rest.substring(0, hash)).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                query.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
