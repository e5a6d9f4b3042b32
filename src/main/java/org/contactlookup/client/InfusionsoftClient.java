package org.contactlookup.client;

import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * A client for one Infusionsoft (Keap) application over XML-RPC: the Java counterpart of the
 * PHP iSDK object.
 *
 * <p>Build one per connection and share it: it is thread-safe, and each call opens its own HTTPS
 * connection. Its connection's {@link CallPolicy} applies to every call: the rate limits are
 * shared by all threads, reads are retried within a deadline, identical lookups are coalesced.
 * Every call carries the key the way the connection's {@link AuthType} wants it. Certificates and host names are always checked. Each call is logged once at
 * {@code FINE} on the {@code org.contactlookup.client} logger with its method, duration and
 * outcome, without keys and without whole email addresses.
 *
 * <p>Every failure is an {@link InfusionsoftException}; arguments the API would reject anyway
 * (a blank email, a bad field name) throw {@link IllegalArgumentException} before any call.
 */
public final class InfusionsoftClient implements ContactLookup {
    /** The longest email address a form or the API accepts (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern FIELD_NAME = Pattern.compile("_?[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern READ_METHOD = Pattern.compile("(load|find.*|query.*|count|get.*|echo)");
    private static final String FIND_BY_EMAIL = "ContactService.findByEmail";

    private final Connection connection;
    private final XmlRpcClient xmlRpc;
    private final CallRunner runner;
    private final String keyParameter;
    private final LookupCoalescer lookups;

    private InfusionsoftClient(Connection connection) {
        this.connection = connection;
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(connection.endpoint().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("endpoint of connection '" + connection.name() + "' is not a URL", e);
        }
        // Timeouts are set per attempt (see call), capped by the request's deadline.
        config.setEncoding("UTF-8");
        // Extensions would let a response carry serialized Java objects (CVE-2016-5003).
        config.setEnabledForExtensions(false);
        config.setContentLengthOptional(false);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        client.setTransportFactory(HardenedTransport.factory(client, TrustMaterial.socketFactory(connection),
                authHeaders(connection)));
        this.xmlRpc = client;
        this.runner = new CallRunner(connection);
        this.lookups = new LookupCoalescer(connection.policy());
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
        return new InfusionsoftClient(Objects.requireNonNull(connection, "connection"));
    }

    private static Map<String, String> authHeaders(Connection connection) {
        return switch (connection.authType()) {
            case LEGACY_KEY -> Map.of();
            case API_KEY -> Map.of("X-Keap-API-Key", connection.key().reveal());
            case OAUTH2 -> Map.of("Authorization", "Bearer " + connection.key().reveal());
        };
    }

    @Override
    public Connection connection() {
        return connection;
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
        call(true, "DataService.getAppSetting", new Object[] {"Application", "enabled"});
    }

    /**
     * {@code ContactService.findByEmail}: the contacts whose Email, EmailAddress2 or
     * EmailAddress3 equals {@code email}, ignoring case. Each contact is a map from field name to
     * value holding the {@code fields} asked for that have a value; an empty list gives just
     * {@code Id}, as the guide says. Identical lookups running at the same time (the address
     * compared without case) share one call; with a cache lifetime in the policy, results are
     * reused for that long.
     *
     * @throws IllegalArgumentException for a blank or over-long email or a malformed field name
     */
    @Override
    public List<Map<String, Object>> findByEmail(String email, List<String> fields) throws InfusionsoftException {
        checkEmail(email);
        Objects.requireNonNull(fields, "fields");
        for (String field : fields) {
            if (field == null || !FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("'" + field + "' is not a contact field name");
            }
        }
        return lookups.find(email, fields,
                () -> records(FIND_BY_EMAIL, call(true, FIND_BY_EMAIL, new Object[] {email, fields.toArray()})));
    }

    /**
     * Any other API method: {@code method} with {@code parameters}, the key put in front as the
     * API wants. Strings, integers, booleans, doubles, dates, byte arrays, arrays, lists and maps
     * are sent as their XML-RPC types. Reads ({@link #isRead(String)}) are retried on a throttle,
     * a 503 or a dropped connection; anything else is sent once.
     */
    public Object call(String method, Object... parameters) throws InfusionsoftException {
        return call(isRead(method), method, parameters);
    }

    /**
     * Like {@link #call(String, Object...)}, but retried as a read would be: for a write the caller
     * knows to be safe to repeat.
     */
    public Object callRetrying(String method, Object... parameters) throws InfusionsoftException {
        return call(true, method, parameters);
    }

    /** True for the methods that only read: loads, finds, queries, counts, settings and echo. */
    public static boolean isRead(String method) {
        int dot = method.lastIndexOf('.');
        String name = dot < 0 ? method : method.substring(dot + 1);
        return READ_METHOD.matcher(name).matches();
    }

    private Object call(boolean retry, String method, Object[] parameters) throws InfusionsoftException {
        Objects.requireNonNull(method, "method");
        Object[] withKey = new Object[parameters.length + 1];
        withKey[0] = keyParameter;
        System.arraycopy(parameters, 0, withKey, 1, parameters.length);
        Supplier<String> subject = method.equals(FIND_BY_EMAIL) && parameters.length > 0
                ? () -> " for " + LogSafe.email(String.valueOf(parameters[0])) : () -> "";
        String host = connection.endpoint().getAuthority();
        return runner.run(method, retry, subject, (connect, read) -> {
            XmlRpcClientConfigImpl config = ((XmlRpcClientConfigImpl) xmlRpc.getClientConfig()).cloneMe();
            config.setConnectionTimeout((int) Math.max(1, connect.toMillis()));
            config.setReplyTimeout((int) Math.max(1, read.toMillis()));
            try {
                return xmlRpc.execute(config, method, withKey);
            } catch (XmlRpcException e) {
                throw ErrorTranslator.translate(method, host, read.toMillis(), e);
            }
        });
    }

    static void checkEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email is blank");
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw new IllegalArgumentException("email is longer than " + MAX_EMAIL_LENGTH + " characters");
        }
        if (email.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("email contains a control character");
        }
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
    public String toString() {
        return "InfusionsoftClient[" + connection.name() + " " + connection.authType() + " " + connection.endpoint() + "]";
    }
}
