package org.contactlookup.client;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.BudgetStore;
import org.contactlookup.client.chain.Call;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.EmailCheck;
import org.contactlookup.client.config.Protocol;
import org.contactlookup.client.errors.ApiFaultException;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.NetworkException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.oauth.TokenStatus;
import org.contactlookup.client.protocol.xmlrpc.XmlRpcCodec;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.HttpEngine;

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
    private static final Pattern FIELD_NAME = Pattern.compile("_?[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern READ_METHOD = Pattern.compile("(load|find.*|query.*|count|get.*|echo)");
    private static final String FIND_BY_EMAIL = "ContactService.findByEmail";
    /** The legacy API refuses a fourth throttled thread with a fault that carries this text. */
    private static final String LEGACY_THROTTLE = "com.infusionsoft.throttle.ThrottlingException";

    private final ClientParts parts;
    private final Connection connection;
    private final XmlRpcCodec codec = new XmlRpcCodec();
    private final String keyParameter;

    private InfusionsoftClient(Connection connection, BudgetStore budgets) {
        this.parts = new ClientParts(connection, budgets);
        this.connection = connection;
        this.keyParameter = connection.authType() == AuthType.LEGACY_KEY
                ? connection.key().reveal() : AuthType.PLACEHOLDER_KEY;
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
        return connection;
    }

    /** An address that passes {@link EmailCheck} can be looked up over XML-RPC. */
    @Override
    public Optional<String> problemWith(String email) {
        return EmailCheck.problem(email);
    }

    @Override
    public BudgetState budget() {
        return parts.budgetState();
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
        Futures.await(call(true, "DataService.getAppSetting", new Object[] {"Application", "enabled"}), "the connection check");
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
        EmailCheck.require(problemWith(email));
        Objects.requireNonNull(fields, "fields");
        for (String field : fields) {
            if (field == null || !FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("'" + field + "' is not a contact field name");
            }
        }
        Object[] parameters = {email, fields.toArray()};
        return parts.lookups.find(email, fields, () -> call(true, FIND_BY_EMAIL, parameters)
                .thenCompose(result -> Futures.of(() -> records(FIND_BY_EMAIL, result))));
    }

    /**
     * Any other API method: {@code method} with {@code parameters}, the key put in front as the
     * API wants. Strings, integers, booleans, doubles, dates, byte arrays, arrays, lists and maps
     * are sent as their XML-RPC types. Reads ({@link #isRead(String)}) are retried on a throttle,
     * a 503 or a dropped connection; anything else is sent once.
     */
    public Object call(String method, Object... parameters) throws InfusionsoftException {
        return Futures.await(call(isRead(method), method, parameters), method);
    }

    /**
     * Like {@link #call(String, Object...)}, but retried as a read would be: for a write the caller
     * knows to be safe to repeat.
     */
    public Object callRetrying(String method, Object... parameters) throws InfusionsoftException {
        return Futures.await(call(true, method, parameters), method);
    }

    /** True for the methods that only read: loads, finds, queries, counts, settings and echo. */
    public static boolean isRead(String method) {
        int dot = method.lastIndexOf('.');
        String name = dot < 0 ? method : method.substring(dot + 1);
        return READ_METHOD.matcher(name).matches();
    }

    private CompletableFuture<Object> call(boolean retry, String method, Object[] parameters) {
        Objects.requireNonNull(method, "method");
        Object[] withKey = new Object[parameters.length + 1];
        withKey[0] = keyParameter;
        System.arraycopy(parameters, 0, withKey, 1, parameters.length);
        byte[] body = codec.request(method, withKey);
        String where = method + " to " + connection.endpoint().getAuthority();
        Call.Attempt<Object> attempt = (header, limit) -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(connection.endpoint())
                    .header("Content-Type", "text/xml; charset=UTF-8")
                    .header("User-Agent", HttpEngine.USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (header.name() != null) {
                builder.header(header.name(), header.value());
            }
            return parts.engine.exchange(builder.build(), limit, where).thenCompose(answer -> Futures.of(() -> decode(method, where, answer)));
        };
        Supplier<String> subject = method.equals(FIND_BY_EMAIL) && parameters.length > 0
                ? () -> " for " + LogSafe.email(String.valueOf(parameters[0])) : () -> "";
        return parts.calls.run(method, retry, subject, attempt);
    }

    private Object decode(String method, String where, HttpEngine.Answer answer) throws InfusionsoftException {
        if (answer.status() == 429) {
            throw Failures.gatewayThrottled(where, answer.header("Retry-After"), new String(answer.body(), StandardCharsets.UTF_8));
        }
        if (answer.status() / 100 != 2) {
            throw new HttpStatusException(where + " failed: HTTP " + answer.status(), answer.status(),
                    Failures.retryAfter(answer.header("Retry-After")));
        }
        Object result = codec.response(where, answer.body());
        if (result instanceof XmlRpcCodec.Fault fault) {
            if (fault.text().contains(LEGACY_THROTTLE)) {
                throw new ThrottledException(where + " was throttled (legacy credit pool empty)",
                        ThrottledException.Source.LEGACY_FAULT, null);
            }
            throw new ApiFaultException(method, fault.code(), fault.text());
        }
        return result;
    }

    private static List<Map<String, Object>> records(String method, Object result) throws MalformedResponseException {
        if (!(result instanceof Object[] array)) {
            throw new MalformedResponseException(method + " returned " + typeName(result) + ", not an array", null);
        }
        List<Map<String, Object>> records = new ArrayList<>(array.length);
        for (Object item : array) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new MalformedResponseException(method + " returned an array holding " + typeName(item), null);
            }
            Map<String, Object> record = new LinkedHashMap<>();
            map.forEach((k, v) -> record.put(String.valueOf(k), v));
            records.add(Collections.unmodifiableMap(record));
        }
        return List.copyOf(records);
    }

    private static String typeName(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }

    @Override
    public Optional<TokenStatus> tokens() {
        return parts.tokenStatus();
    }

    @Override
    public void close() {
        parts.close();
    }

    @Override
    public String toString() {
        return "InfusionsoftClient[" + connection.name() + " " + connection.authType() + " " + connection.endpoint() + "]";
    }
}
