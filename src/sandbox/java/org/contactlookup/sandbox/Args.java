package org.contactlookup.sandbox;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of one call after the key, read by position with the XML-RPC type each must
 * have. A parameter of the wrong type, or a wrong count, is answered the way Infusionsoft's
 * server answers a call it has no method for.
 */
final class Args {
    private final String method;
    private final List<Object> values;

    Args(String method, List<Object> values) {
        this.method = method;
        this.values = values;
    }

    int size() {
        return values.size();
    }

    /** Fails unless there are exactly {@code count} parameters, or one of {@code others} counts. */
    Args expect(int count, int... others) throws Methods.FaultAnswer {
        boolean fits = values.size() == count;
        for (int other : others) {
            fits |= values.size() == other;
        }
        if (!fits) {
            throw noMatch();
        }
        return this;
    }

    String string(int index) throws Methods.FaultAnswer {
        return values.get(index) instanceof String s ? s : thrown();
    }

    int integer(int index) throws Methods.FaultAnswer {
        return values.get(index) instanceof Integer i ? i : thrown();
    }

    boolean bool(int index) throws Methods.FaultAnswer {
        return values.get(index) instanceof Boolean b ? b : thrown();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> struct(int index) throws Methods.FaultAnswer {
        return values.get(index) instanceof Map<?, ?> m ? (Map<String, Object>) m : thrown();
    }

    /** An array of names: what a call gives for the fields it wants back. */
    List<String> names(int index) throws Methods.FaultAnswer {
        if (!(values.get(index) instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw noMatch();
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** A value to search for: a string (wildcards allowed), an int or a date. */
    Object searchValue(int index) throws Methods.FaultAnswer {
        Object value = values.get(index);
        return value instanceof String || value instanceof Integer || value instanceof LocalDateTime ? value : thrown();
    }

    Methods.FaultAnswer noMatch() {
        String types = values.stream().map(Args::typeName).collect(Collectors.joining(", "));
        return new Methods.FaultAnswer(3, "[Unexpected]No method matching arguments: " + method + "(" + types + ")");
    }

    private <T> T thrown() throws Methods.FaultAnswer {
        throw noMatch();
    }

    private static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        } else if (value instanceof Integer) {
            return "int";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Double) {
            return "double";
        } else if (value instanceof LocalDateTime) {
            return "dateTime.iso8601";
        } else if (value instanceof Map) {
            return "struct";
        } else if (value instanceof List) {
            return "array";
        }
        return "base64";
    }
}
