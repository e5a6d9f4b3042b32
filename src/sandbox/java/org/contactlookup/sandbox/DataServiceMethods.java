package org.contactlookup.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * DataService's record calls on the one table the sandbox keeps, Contact: {@code query},
 * {@code findByField}, {@code load}, {@code add} and {@code update}, with their parameters in
 * Infusionsoft's order. Pages hold at most 1,000 records and count from 0; any other table is
 * answered {@code [NoTableFound]}.
 */
final class DataServiceMethods {
    static final int MAX_LIMIT = 1000;
    private static final Set<String> METHODS = Set.of("DataService.query", "DataService.findByField", "DataService.load",
            "DataService.add", "DataService.update");

    private final ContactStore contacts;
    private final ContactFields fields;

    DataServiceMethods(ContactStore contacts) {
        this.contacts = contacts;
        this.fields = contacts.fields();
    }

    static boolean answers(String method) {
        return METHODS.contains(method);
    }

    Object invoke(String method, Args args) throws Methods.FaultAnswer {
        return switch (method) {
            case "DataService.query" -> query(args.expect(5, 7));
            case "DataService.findByField" -> findByField(args.expect(6));
            case "DataService.load" -> load(args.expect(3));
            case "DataService.add" -> add(args.expect(2));
            default -> update(args.expect(3));
        };
    }

    /** (table, limit, page, queryData, selectedFields [, orderBy, ascending]) */
    private List<Map<String, Object>> query(Args args) throws Methods.FaultAnswer {
        table(args.string(0));
        int limit = limit(args.integer(1));
        int page = page(args.integer(2));
        Predicate<Map<String, Object>> test = QueryCriteria.all(args.struct(3), fields);
        List<String> wanted = fields.requireKnown(args.names(4));
        Comparator<Map<String, Object>> order = args.size() == 7
                ? QueryCriteria.order(args.string(5), args.bool(6), fields)
                : ContactStore.byId();
        return page(contacts.select(test, order), limit, page, wanted);
    }

    /** (table, limit, page, fieldName, fieldValue, returnFields) */
    private List<Map<String, Object>> findByField(Args args) throws Methods.FaultAnswer {
        table(args.string(0));
        int limit = limit(args.integer(1));
        int page = page(args.integer(2));
        Predicate<Map<String, Object>> test = QueryCriteria.one(args.string(3), args.searchValue(4), fields);
        List<String> wanted = fields.requireKnown(args.names(5));
        return page(contacts.select(test, ContactStore.byId()), limit, page, wanted);
    }

    /** (table, recordId, wantedFields) */
    private Map<String, Object> load(Args args) throws Methods.FaultAnswer {
        table(args.string(0));
        int id = args.integer(1);
        Map<String, Object> record = contacts.load(id, fields.requireKnown(args.names(2)));
        if (record == null) {
            throw Methods.FaultAnswer.recordNotFound(id);
        }
        return record;
    }

    /** (table, values): the new record's Id. */
    private int add(Args args) throws Methods.FaultAnswer {
        table(args.string(0));
        return contacts.add(fields.writable(args.struct(1)));
    }

    /** (table, recordId, values): the record's Id. */
    private int update(Args args) throws Methods.FaultAnswer {
        table(args.string(0));
        int id = args.integer(1);
        if (!contacts.update(id, fields.writable(args.struct(2)))) {
            throw Methods.FaultAnswer.updateNotFound(id);
        }
        return id;
    }

    private static void table(String table) throws Methods.FaultAnswer {
        if (!ContactFields.TABLE.equals(table)) {
            throw Methods.FaultAnswer.noTableFound(table);
        }
    }

    private static int limit(int limit) throws Methods.FaultAnswer {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Methods.FaultAnswer.invalidParameter("limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        return limit;
    }

    private static int page(int page) throws Methods.FaultAnswer {
        if (page < 0) {
            throw Methods.FaultAnswer.invalidParameter("page must be 0 or more, not " + page);
        }
        return page;
    }

    private static List<Map<String, Object>> page(List<Map<String, Object>> all, int limit, int page, List<String> wanted) {
        return all.stream().skip((long) page * limit).limit(limit).map(c -> ContactStore.project(c, wanted)).toList();
    }
}
