package org.contactlookup.client.errors;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API answered with an XML-RPC fault: a code and a {@code "[Category]Message"} string, such
 * as {@code 2} and {@code [InvalidKey]Invalid Key}.
 */
public final class ApiFaultException extends InfusionsoftException {
    /** The fault code Infusionsoft uses for a key it does not accept. */
    public static final int INVALID_KEY = 2;
    private static final Pattern CATEGORY = Pattern.compile("^\\[([A-Za-z]+)\\](.*)$", Pattern.DOTALL);

    private final int faultCode;
    private final String category;
    private final String detail;

    public ApiFaultException(String method, int faultCode, String faultString) {
        this(method, faultCode, split(faultString));
    }

    private ApiFaultException(String method, int faultCode, String[] categoryAndDetail) {
        // The message is what reaches logs: any address the server quoted is shortened there.
        super(method + " failed with fault " + faultCode
                + (categoryAndDetail[0] == null ? "" : " [" + categoryAndDetail[0] + "]") + ": " + LogSafe.redact(categoryAndDetail[1]));
        this.faultCode = faultCode;
        this.category = categoryAndDetail[0];
        this.detail = categoryAndDetail[1];
    }

    private static String[] split(String faultString) {
        String text = faultString == null ? "" : faultString;
        Matcher m = CATEGORY.matcher(text);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : new String[] {null, text};
    }

    public int faultCode() {
        return faultCode;
    }

    /** The part in brackets, such as {@code InvalidKey}, when the fault string has one. */
    public Optional<String> category() {
        return Optional.ofNullable(category);
    }

    /** The fault string without its category, as the server sent it (addresses included). */
    public String detail() {
        return detail;
    }

    /** True when Infusionsoft refused the key (category {@code InvalidKey} or code 2). */
    public boolean isInvalidKey() {
        return faultCode == INVALID_KEY || "InvalidKey".equals(category);
    }

    @Override
    public boolean isKeyRefused() {
        return isInvalidKey();
    }
}
