package org.contactlookup.sandbox;

import java.util.List;
import java.util.Map;

/**
 * The API methods the sandbox answers, on the parameters that follow the key: the guide's calls,
 * the ContactService and APIEmailService calls the PHP iSDK makes every day, and the DataService
 * calls in {@link DataServiceMethods}. Anything else is answered as Infusionsoft answers a
 * method it does not have.
 */
final class Methods {
    /** An XML-RPC fault to send back. */
    static final class FaultAnswer extends Exception {
        final int code;

        FaultAnswer(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        /** Infusionsoft's own wording, as clients have quoted it: {@code [NoFieldFound]No field found: Contact.Foo}. */
        static FaultAnswer noFieldFound(String table, String field) {
            return new FaultAnswer(10, "[NoFieldFound]No field found: " + table + "." + field);
        }

        /** Worded like {@link #noFieldFound}, with fault 9 from the same table of codes. */
        static FaultAnswer noTableFound(String table) {
            return new FaultAnswer(9, "[NoTableFound]No table found: " + table);
        }

        static FaultAnswer recordNotFound(int id) {
            return new FaultAnswer(5, "[RecordNotFound]Record not found for Id:" + id);
        }

        /** What Infusionsoft said when an update named a missing record. */
        static FaultAnswer updateNotFound(int id) {
            return new FaultAnswer(5, "[RecordNotFound]Unable to perform update. Record not found for Id:" + id);
        }

        static FaultAnswer invalidParameter(String message) {
            return new FaultAnswer(12, "[InvalidParameter]" + message);
        }
    }

    private final ContactStore contacts;
    private final DataServiceMethods data;

    Methods(ContactStore contacts) {
        this.contacts = contacts;
        this.data = new DataServiceMethods(contacts);
    }

    Object invoke(String method, List<Object> params) throws FaultAnswer {
        Args args = new Args(method, params);
        return switch (method) {
            case "ContactService.findByEmail" -> contacts.findByEmail(args.expect(2).string(0), fields(args, 1));
            case "ContactService.load" -> load(args.expect(2).integer(0), fields(args, 1));
            case "ContactService.add" -> contacts.add(contacts.fields().writable(args.expect(1).struct(0)));
            case "ContactService.update" -> update(args.expect(2).integer(0), args.struct(1));
            case "ContactService.addToGroup" -> addToGroup(args.expect(2).integer(0), args.integer(1));
            case "APIEmailService.optIn" -> optIn(args.expect(2).string(0), args.string(1));
            case "DataService.getAppSetting" -> appSetting(args.expect(2).string(0), args.string(1));
            case "DataService.echo" -> args.expect(1).string(0);
            default -> {
                if (!DataServiceMethods.answers(method)) {
                    throw args.noMatch();
                }
                yield data.invoke(method, args);
            }
        };
    }

    private Map<String, Object> load(int id, List<String> fields) throws FaultAnswer {
        Map<String, Object> contact = contacts.load(id, fields);
        if (contact == null) {
            throw FaultAnswer.recordNotFound(id);
        }
        return contact;
    }

    /** Returns the Id, as Infusionsoft does. */
    private int update(int id, Map<String, Object> values) throws FaultAnswer {
        if (!contacts.update(id, contacts.fields().writable(values))) {
            throw FaultAnswer.updateNotFound(id);
        }
        return id;
    }

    private boolean addToGroup(int id, int groupId) throws FaultAnswer {
        if (!contacts.addToGroup(id, groupId)) {
            throw FaultAnswer.recordNotFound(id);
        }
        return true;
    }

    /** The reason is required, as in the iSDK, but the sandbox keeps only the calls that carried it. */
    private boolean optIn(String email, String reason) {
        return contacts.optIn(email);
    }

    private List<String> fields(Args args, int index) throws FaultAnswer {
        return contacts.fields().requireKnown(args.names(index));
    }

    private static Object appSetting(String module, String setting) {
        return "Application".equals(module) && "enabled".equals(setting) ? "yes" : "";
    }
}
