package org.contactlookup.client.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a connection proves who it is, named by the letter in the third field of a connection line.
 * The letter {@code i} is the guide's own; {@code k} and {@code o} are today's Keap credentials.
 */
public enum AuthType {
    /** The guide's legacy application key: sent as the first parameter of every call. */
    LEGACY_KEY('i'),
    /** A Keap Personal Access Token or Service Account Key: sent in the {@code X-Keap-API-Key} header. */
    API_KEY('k'),
    /** An OAuth2 access token: sent as {@code Authorization: Bearer}. */
    OAUTH2('o');

    /** Keap's XML-RPC endpoint for header-authenticated calls. */
    static final URI KEAP_XMLRPC = URI.create("https://api.infusionsoft.com/crm/xmlrpc/v1");

    /** The first parameter sent when the key travels in a header; Keap ignores its value. */
    public static final String PLACEHOLDER_KEY = "placeholder";

    private final char letter;

    AuthType(char letter) {
        this.letter = letter;
    }

    public static Optional<AuthType> fromLetter(String letter) {
        return Arrays.stream(values())
                .filter(t -> letter.length() == 1 && letter.charAt(0) == t.letter)
                .findFirst();
    }

    /** Where calls go when the connection names no endpoint of its own. */
    URI defaultEndpoint(String application) {
        return this == LEGACY_KEY
                ? URI.create("https://" + application + ".infusionsoft.com/api/xmlrpc")
                : KEAP_XMLRPC;
    }
}
