package org.contactlookup.client.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What one of Keap's APIs needs to look a contact up: which addresses it can search, the
 * requests it is sent, and how its answers are read and paged. Every call goes down the
 * connection's {@code CallChain}; nothing here waits, counts or retries. Two implementations:
 * XML-RPC ({@code xmlrpc.XmlRpcContactApi}) and REST v2 ({@code rest.RestContactApi}).
 */
public interface ContactApi {
    /** Why {@code email} cannot be looked up over this API, in words fit for a page; empty when it can. */
    Optional<String> problemWith(String email);

    /** Throws {@link IllegalArgumentException} for a field name this API cannot take, before anything is sent. */
    void checkFields(List<String> fields);

    /** The cheapest authenticated call: completes when the server answered and accepted the key. */
    CompletableFuture<?> checkConnection();

    /**
     * The contacts with {@code email} in any of their three address fields, ignoring case, each
     * with the guide's field names; {@link #problemWith} and {@link #checkFields} have passed.
     */
    CompletableFuture<List<Map<String, Object>>> findByEmail(String email, List<String> fields);
}
