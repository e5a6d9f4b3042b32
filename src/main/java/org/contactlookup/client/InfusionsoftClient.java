package org.contactlookup.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.CallPolicy;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.EmailCheck;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.errors.ApiFaultException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.oauth.TokenStatus;
import org.contactlookup.client.protocol.xmlrpc.XmlRpcContactApi;
import org.contactlookup.client.transport.Futures;

/**
 * A client for one Infusionsoft (Keap) application over XML-RPC: the Java counterpart of the
 * PHP iSDK object.
 *
 * <p>Build one per connection and share it: it is thread-safe, and its HTTPS connections are
 * kept alive and reused by every thread. Its connection's {@link CallPolicy} applies to every
 * call: the rate limits are shared by all threads, reads are retried within a deadline, identical
 * lookups are coalesced. Every call carries the key the way the connection's {@link AuthType}
 * wants it. Certificates and host names are always checked. {@link #findByEmailAsync} waits
 * without holding a thread; {@link #findByEmail} is the same call, waited for. Each call is
 * logged once at
 * {@code FINE} on the {@code org.contactlookup.client} logger with its method, duration and
 * outcome, without keys and without whole email addresses.
 *
 * <p>Every failure is an {@link InfusionsoftException}; arguments the API would reject anyway
 * (a blank email, a bad field name) throw {@link IllegalArgumentException} before any call.
 */
public final class InfusionsoftClient implements ContactLookup {
    private static final Pattern READ_METHOD = Pattern.compile("(load|find.*|query.*|count|get.*|echo)");

    private final ProtocolClient<XmlRpcContactApi> client;

    private InfusionsoftClient(Connection connection, BudgetStore budgets) {
        this.client = new ProtocolClient<>(connection, budgets, XmlRpcContactApi::new);
    }

    /**
     * A client for {@code connection}. Nothing is sent yet; call {@link #checkConnection()} to
     * find out whether the server and the key work.
     *
     * @throws IllegalArgumentException when the connection's trust file cannot be used
     */
    public static InfusionsoftClient create(Connection connection) {
        return create(connection, BudgetStore.inMemory(1));
    }

    /**
     * A client for {@code connection} whose rate limits are kept in {@code budgets}.
     *
     * @throws IllegalArgumentException for a REST connection (use {@link ContactLookup#create}),
     *                                  or when the connection's trust file cannot be used
     */
    public static InfusionsoftClient create(Connection connection, BudgetStore budgets) {
        Objects.requireNonNull(connection, "connection");
        if (connection.protocol() != Protocol.XMLRPC) {
            throw new IllegalArgumentException("connection '" + connection.name() + "' is set to protocol " + connection.protocol()
                    + "; InfusionsoftClient speaks XML-RPC only: use ContactLookup.create for any protocol");
        }
        return new InfusionsoftClient(connection, Objects.requireNonNull(budgets, "budgets"));
    }

    @Override
    public Connection connection() {
        return client.connection();
    }

    /** An address that passes {@link EmailCheck} can be looked up over XML-RPC. */
    @Override
    public Optional<String> problemWith(String email) {
        return client.problemWith(email);
    }

    @Override
    public BudgetState budget() {
        return client.budget();
    }

    @Override
    public Optional<TokenStatus> tokens() {
        return client.tokens();
    }

    /**
     * The guide's {@code cfgCon} check: the same harmless call the iSDK makes,
     * {@code DataService.getAppSetting("Application", "enabled")}. Returns normally when the
     * server answered and accepted the key.
     *
     * @throws ApiFaultException with {@link ApiFaultException#isInvalidKey()} for a refused key
     * @throws NetworkException  with kind UNREACHABLE, TIMEOUT or TLS when no answer came
     */
    @Override
    public void checkConnection() throws InfusionsoftException {
        client.checkConnection();
    }

    /**
     * {@code ContactService.findByEmail} without a waiting thread (the guide's call, waited for,
     * is {@link #findByEmail}): the contacts whose Email, EmailAddress2 or EmailAddress3 equals
     * {@code email}, ignoring case. Each contact is a map from field name to value holding the
     * {@code fields} asked for that have a value; an empty list gives just {@code Id}, as the guide
     * says. Identical lookups running at the same time (the address compared without case) share
     * one call; with a cache lifetime in the policy, results are reused for that long. The future
     * fails with an {@link InfusionsoftException} at the latest after the policy's permit wait plus
     * its deadline.
     *
     * @throws IllegalArgumentException at once, for a blank or over-long email or a malformed field name
     */
    @Override
    public CompletableFuture<List<Map<String, Object>>> findByEmailAsync(String email, List<String> fields) {
        return client.findByEmailAsync(email, fields);
    }

    /**
     * Any other API method: {@code method} with {@code parameters}, the key put in front as the
     * API wants. Strings, integers, booleans, doubles, dates, byte arrays, arrays, lists and maps
     * are sent as their XML-RPC types. Reads ({@link #isRead(String)}) are retried on a throttle,
     * a 503 or a dropped connection; anything else is sent once.
     */
    public Object call(String method, Object... parameters) throws InfusionsoftException {
        return Futures.await(client.api().call(isRead(method), method, parameters), method);
    }

    /**
     * Like {@link #call(String, Object...)}, but retried as a read would be: for a write the caller
     * knows to be safe to repeat.
     */
    public Object callRetrying(String method, Object... parameters) throws InfusionsoftException {
        return Futures.await(client.api().call(true, method, parameters), method);
    }

    /** True for the methods that only read: loads, finds, queries, counts, settings and echo. */
    public static boolean isRead(String method) {
        int dot = method.lastIndexOf('.');
        String name = dot < 0 ? method : method.substring(dot + 1);
        return READ_METHOD.matcher(name).matches();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        Connection connection = client.connection();
        return "InfusionsoftClient[" + connection.name() + " " + connection.authType() + " " + connection.endpoint() + "]";
    }
}
