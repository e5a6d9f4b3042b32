package org.contactlookup.client.protocol.xmlrpc;

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
import org.contactlookup.client.chain.Call;
import org.contactlookup.client.chain.CallChain;
import org.contactlookup.client.config.AuthType;
import org.contactlookup.client.config.Connection;
import org.contactlookup.client.config.EmailCheck;
import org.contactlookup.client.errors.ApiFaultException;
import org.contactlookup.client.errors.HttpStatusException;
import org.contactlookup.client.errors.InfusionsoftException;
import org.contactlookup.client.errors.LogSafe;
import org.contactlookup.client.errors.MalformedResponseException;
import org.contactlookup.client.errors.ThrottledException;
import org.contactlookup.client.protocol.ContactApi;
import org.contactlookup.client.transport.Failures;
import org.contactlookup.client.transport.Futures;
import org.contactlookup.client.transport.HttpEngine;

/**
 * The legacy XML-RPC API, as the PHP iSDK speaks it: every method is a POST of a
 * {@code methodCall} to the connection's endpoint, the key put in front of the parameters (the
 * legacy key itself, or a placeholder when the key travels in a header), the answer a
 * {@code methodResponse} or a fault.
 */
public final class XmlRpcContactApi implements ContactApi {
    public static final String FIND_BY_EMAIL = "ContactService.findByEmail";
    private static final Pattern FIELD_NAME = Pattern.compile("_?[A-Za-z][A-Za-z0-9_]{0,63}");
    /** The legacy API refuses a fourth throttled thread with a fault that carries this text. */
    private static final String LEGACY_THROTTLE = "com.infusionsoft.throttle.ThrottlingException";

    private final Connection connection;
    private final CallChain calls;
    private final HttpEngine engine;
    private final XmlRpcCodec codec = new XmlRpcCodec();
    private final String keyParameter;

    public XmlRpcContactApi(Connection connection, CallChain calls, HttpEngine engine) {
        this.connection = connection;
        this.calls = calls;
        this.engine = engine;
        this.keyParameter = connection.authType() == AuthType.LEGACY_KEY ? connection.key().reveal() : AuthType.PLACEHOLDER_KEY;
    }

    /** An address that passes {@link EmailCheck} can be looked up over XML-RPC. */
    @Override
    public Optional<String> problemWith(String email) {
        return EmailCheck.problem(email);
    }

    @Override
    public void checkFields(List<String> fields) {
        Objects.requireNonNull(fields, "fields");
        for (String field : fields) {
            if (field == null || !FIELD_NAME.matcher(field).matches()) {
                throw new IllegalArgumentException("'" + field + "' is not a contact field name");
            }
        }
    }

    /** The iSDK's own check: {@code DataService.getAppSetting("Application", "enabled")}. */
    @Override
    public CompletableFuture<?> checkConnection() {
        return call(true, "DataService.getAppSetting", new Object[] {"Application", "enabled"});
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> findByEmail(String email, List<String> fields) {
        return call(true, FIND_BY_EMAIL, new Object[] {email, fields.toArray()})
                .thenCompose(result -> Futures.of(() -> records(FIND_BY_EMAIL, result)));
    }

    /** {@code method} with {@code parameters}, the key in front; retried as a read when {@code retry}. */
    public CompletableFuture<Object> call(boolean retry, String method, Object[] parameters) {
        Objects.requireNonNull(method, "method");
        Object[] withKey = new Object[parameters.length + 1];
        withKey[0] = keyParameter;
        System.arraycopy(parameters, 0, withKey, 1, parameters.length);
        byte[] body = codec.request(method, withKey);
        String where = method + " to " + connection.endpoint().getAuthority();
        Call.Attempt<Object> attempt = (header, limit) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(connection.endpoint())
                    .header("Content-Type", "text/xml; charset=UTF-8")
                    .header("User-Agent", HttpEngine.USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (header.name() != null) {
                request.header(header.name(), header.value());
            }
            return engine.exchange(request.build(), limit, where).thenCompose(answer -> Futures.of(() -> decode(method, where, answer)));
        };
        Supplier<String> subject = method.equals(FIND_BY_EMAIL) && parameters.length > 0
                ? () -> " for " + LogSafe.email(String.valueOf(parameters[0])) : () -> "";
        return calls.run(method, retry, subject, attempt);
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
}
