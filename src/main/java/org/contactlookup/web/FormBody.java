package org.contactlookup.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses an {@code application/x-www-form-urlencoded} body ourselves (read by {@link FormReader})
 * rather than through {@code getParameter}: the size limit is then ours and answers 413 the same way on Tomcat 10.1
 * (which silently drops over-size parameters) and 11 (which rejects them), bytes are decoded as
 * strict UTF-8, and nothing is ever read from the query string.
 */
final class FormBody {
    /** Far more than three short fields and a token need. */
    static final int MAX_BYTES = 8 * 1024;

    /** The body was not valid form encoding or not UTF-8. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private FormBody() {
    }

    /** The form's fields, from a body read as bytes (each byte one char); a name given twice keeps its first value. */
    static Map<String, String> parse(String body) throws Malformed {
        Map<String, String> fields = new HashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String encoded) throws Malformed {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new Malformed("a % escape is cut short");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new Malformed("a % escape is not hexadecimal");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                throw new Malformed("the body holds a raw non-ASCII byte");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("the body is not UTF-8");
        }
    }
}
