package org.contactlookup.client;

import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * A client for one Infusionsoft (Keap) application over XML-RPC: the Java counterpart of the
 * PHP iSDK object.
 *
 * <p>Build one per connection and share it: it is immutable and thread-safe, and each call opens
 * its own HTTPS connection. Every call carries the key the way the connection's {@link AuthType}
 * wants it. Certificates and host names are always checked. Each call is logged once at
 * {@code FINE} on the {@code org.contactlookup.client} logger with its method, duration and
 * outcome, without keys and without whole email addresses.
 *
 * <p>Every failure is an {@link InfusionsoftException}; arguments the API would reject anyway
 * (a blank email, a bad field name) throw {@link IllegalArgumentException} before any call.
 */
public final class InfusionsoftClient {
    /** The longest email address a form or the API accepts (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    private static final Pattern FIELD_NAME = Pattern.compile("_?[A-Za-z][A-Za-z0-9_]{0,63}");

    private final Connection connection;
    private final XmlRpcClient xmlRpc;
    private final String keyParameter;

    private InfusionsoftClient(Connection connection) {
        this.connection = connection;
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(connection.endpoint().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("endpoint of connection '" + connection.name() + "' is not a URL", e);
        }
        config.setConnectionTimeout((int) connection.connectTimeout().toMillis());
        config.setReplyTimeout((int) connection.readTimeout().toMillis());
        config.setEncoding("UTF-8");
        // Extensions would let a response carry serialized Java objects (CVE-2016-5003).
        config.setEnabledForExtensions(false);
        config.setContentLengthOptional(false);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        client.setTransportFactory(HardenedTransport.factory(client, TrustMaterial.socketFactory(connection),
                authHeaders(connection)));
        this.xmlRpc = client;
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
    public void checkConnection() throws InfusionsoftException {
        call("DataService.getAppSetting", "Application", "enabled");
    }

    /**
     * {@code ContactService.findByEmail}: the contacts whose Email, EmailAddress2 or
     * EmailAddress3 equals {@code email}, ignoring case. Each contact is a map from field name to
     * value holding the {@code fields} asked for that have a value; an empty list gives just
     * {@code Id}, as the guide says.
     *
     * @throws IllegalArgumentException for a blank or over-long email or a malformed field name
     */
    public List<Map<String, Object>> findByEmail(String email, List<String> fields) throws InfusionsoftException {
        checkEmail(email);
        Objects.requireNonNull(fields, "fields");
        for (String field : fields) {
            if (field == null || !FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("'" + field + "' is not a contact field name");
            }
        }
        Object result = call("ContactService.findByEmail", email, fields.toArray());
        return records("ContactService.findByEmail", result);
    }

    /**
     * Any other API method: {@code method} with {@code parameters}, the key put in front as the
     * API wants. Strings, integers, booleans, doubles, dates, byte arrays, arrays, lists and maps
     * are sent as their XML-RPC types.
     */
    public Object call(String method, Object... parameters) throws InfusionsoftException {
        Objects.requireNonNull(method, "method");
        Object[] withKey = new Object[parameters.length + 1];
        withKey[0] = keyParameter;
        System.arraycopy(parameters, 0, withKey, 1, parameters.length);
        long start = System.nanoTime();
        try {
            Object result = xmlRpc.execute(method, withKey);
            log(method, start, "ok", parameters);
            return result;
        } catch (XmlRpcException e) {
            InfusionsoftException failure = ErrorTranslator.translate(method, connection.endpoint().getAuthority(),
                    connection.readTimeout().toMillis(), e);
            log(method, start, failure.getClass().getSimpleName() + ": " + failure.getMessage(), parameters);
            throw failure;
        }
    }

    private static void checkEmail(String email) {
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

    private void log(String method, long startNanos, String outcome, Object[] parameters) {
        if (!LOG.isLoggable(Level.FINE)) {
            return;
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        String subject = method.equals("ContactService.findByEmail") && parameters.length > 0
                ? " for " + LogSafe.email(String.valueOf(parameters[0])) : "";
        LOG.fine(() -> connection.name() + " " + method + subject + " " + outcome + " in " + millis + " ms");
    }

    @Override
    public String toString() {
        return "InfusionsoftClient[" + connection.name() + " " + connection.authType() + " " + connection.endpoint() + "]";
    }
}
