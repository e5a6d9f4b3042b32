package org.contactlookup.sandbox;

import java.util.List;
import java.util.Map;

/** The API methods the sandbox answers, on the parameters that follow the key. */
final class Methods {
    /** An XML-RPC fault to send back. */
    static final class FaultAnswer extends Exception {
        final int code;

        FaultAnswer(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final ContactStore contacts;

    Methods(ContactStore contacts) {
        this.contacts = contacts;
    }

    Object invoke(String method, List<Object> args) throws FaultAnswer {
        return switch (method) {
            case "ContactService.findByEmail" -> contacts.findByEmail(string(args, 0), fields(args, 1));
            case "ContactService.load" -> load(args);
            case "ContactService.add" -> add(args);
            case "DataService.getAppSetting" -> appSetting(string(args, 0), string(args, 1));
            case "DataService.echo" -> string(args, args.size() - 1);
            default -> throw new FaultAnswer(3, "[Unexpected]No method matching arguments: " + method);
        };
    }

    private Object load(List<Object> args) throws FaultAnswer {
        if (args.size() < 1 || !(args.get(0) instanceof Integer id)) {
            throw new FaultAnswer(12, "[InvalidParameter]ContactService.load needs an integer Id");
        }
        Map<String, Object> contact = contacts.load(id, fields(args, 1));
        if (contact == null) {
            throw new FaultAnswer(5, "[RecordNotFound]Record not found for Id:" + id);
        }
        return contact;
    }

    @SuppressWarnings("unchecked")
    private Object add(List<Object> args) throws FaultAnswer {
        if (args.size() < 1 || !(args.get(0) instanceof Map<?, ?> values)) {
            throw new FaultAnswer(12, "[InvalidParameter]ContactService.add needs a struct of fields");
        }
        String unknown = ContactStore.unknownField(List.copyOf(((Map<String, Object>) values).keySet()));
        if (unknown != null || values.containsKey("Id")) {
            throw new FaultAnswer(10, "[NoFieldFound]No field found: Contact." + (unknown == null ? "Id" : unknown));
        }
        return contacts.add((Map<String, Object>) values);
    }

    private static Object appSetting(String module, String setting) {
        return "Application".equals(module) && "enabled".equals(setting) ? "yes" : "";
    }

    private static String string(List<Object> args, int index) throws FaultAnswer {
        if (index < 0 || index >= args.size() || !(args.get(index) instanceof String s)) {
            throw new FaultAnswer(12, "[InvalidParameter]parameter " + (index + 2) + " must be a string");
        }
        return s;
    }

    private static List<String> fields(List<Object> args, int index) throws FaultAnswer {
        if (index >= args.size() || !(args.get(index) instanceof List<?> list)) {
            throw new FaultAnswer(12, "[InvalidParameter]parameter " + (index + 2) + " must be an array of field names");
        }
        List<String> fields = list.stream().map(String::valueOf).toList();
        String unknown = ContactStore.unknownField(fields);
        if (unknown != null) {
            throw new FaultAnswer(10, "[NoFieldFound]No field found: Contact." + unknown);
        }
        return fields;
    }
}
