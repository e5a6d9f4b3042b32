package org.contactlookup.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.xmlrpc.XmlRpcException;
import org.contactlookup.testing.StockXmlRpc;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every method the sandbox answers, called with the stock Apache XML-RPC client over both ways
 * of sending the key, with the answers checked down to their Java types: Integer for i4, String,
 * Boolean, Date for dateTime.iso8601, HashMap for a struct, Object[] for an array.
 */
class SandboxXmlRpcMethodsTest {
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    /** 10:04:05 in New York on the day: DateCreated and LastUpdated of every contact added here. */
    private static final Instant NOW = Instant.parse("2026-03-02T15:04:05Z");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(b -> b.clock(Clock.fixed(NOW, EASTERN)).apiQuota(1000, 100_000));

    /** The two ways the key travels: the guide's first parameter, or Keap's header with a placeholder first. */
    enum Auth {
        LEGACY, HEADER;

        Object call(String method, Object... args) throws Exception {
            Sandbox sandbox = SANDBOX.get();
            boolean legacy = this == LEGACY;
            Object[] params = new Object[args.length + 1];
            params[0] = legacy ? sandbox.legacyKey() : "placeholder";
            System.arraycopy(args, 0, params, 1, args.length);
            return StockXmlRpc.client(legacy ? sandbox.legacyEndpoint() : sandbox.keapEndpoint(), sandbox.trust(),
                    legacy ? null : sandbox.apiKey(), TimeZone.getTimeZone(EASTERN)).execute(method, params);
        }
    }

    private static Date eastern(String localTime) {
        return Date.from(LocalDateTime.parse(localTime).atZone(EASTERN).toInstant());
    }

    private static Map<String, Object> struct(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static XmlRpcException fault(Auth auth, String method, Object... args) {
        return assertThrows(XmlRpcException.class, () -> auth.call(method, args));
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void findByEmailAnswersAnArrayOfStructsWithIntsTextAndDates(Auth auth) throws Exception {
        Object answer = auth.call("ContactService.findByEmail", DemoContacts.JOHN,
                new Object[] {"Id", "FirstName", "DateCreated", "LastUpdated"});

        assertArrayEquals(new Object[] {struct("Id", 3, "FirstName", "John",
                "DateCreated", eastern("2024-01-15T09:30:00"), "LastUpdated", eastern("2025-02-01T10:00:00"))}, (Object[]) answer);
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void queryMatchesPercentWildcardsIgnoringCase(Auth auth) throws Exception {
        Object answer = auth.call("DataService.query", "Contact", 1000, 0, struct("Email", "%@EXAMPLE.com", "LastName", "l%"),
                new Object[] {"Id", "FirstName"});

        assertArrayEquals(new Object[] {struct("Id", 7, "FirstName", "Sam"), struct("Id", 9, "FirstName", "Alex")}, (Object[]) answer);
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void queryPagesByLimitFromPageZero(Auth auth) throws Exception {
        Object[] fields = {"Id"};
        Map<String, Object> everyone = struct("Id", "%");

        assertArrayEquals(new Object[] {struct("Id", 3), struct("Id", 5)}, (Object[]) auth.call("DataService.query", "Contact", 2, 0, everyone, fields));
        assertArrayEquals(new Object[] {struct("Id", 7), struct("Id", 9)}, (Object[]) auth.call("DataService.query", "Contact", 2, 1, everyone, fields));
        assertArrayEquals(new Object[0], (Object[]) auth.call("DataService.query", "Contact", 1000, 1, everyone, fields));
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void queryOrdersByTheNamedFieldEitherWay(Auth auth) throws Exception {
        Map<String, Object> lees = struct("LastName", "Lee");
        Object[] fields = {"FirstName"};

        assertArrayEquals(new Object[] {struct("FirstName", "Alex"), struct("FirstName", "Sam")},
                (Object[]) auth.call("DataService.query", "Contact", 10, 0, lees, fields, "FirstName", true));
        assertArrayEquals(new Object[] {struct("FirstName", "Sam"), struct("FirstName", "Alex")},
                (Object[]) auth.call("DataService.query", "Contact", 10, 0, lees, fields, "FirstName", false));
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void queryForTildeNullMatchesFieldsWithNoValue(Auth auth) throws Exception {
        Object answer = auth.call("DataService.query", "Contact", 1000, 0, struct("EmailAddress2", "~null~", "FirstName", "J%"),
                new Object[] {"Id"});

        assertArrayEquals(new Object[] {struct("Id", 3)}, (Object[]) answer);
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void findByFieldMatchesOneFieldWithWildcards(Auth auth) throws Exception {
        Object answer = auth.call("DataService.findByField", "Contact", 10, 0, "FirstName", "j%", new Object[] {"Id", "FirstName"});

        assertArrayEquals(new Object[] {struct("Id", 3, "FirstName", "John"), struct("Id", 5, "FirstName", "Jane")}, (Object[]) answer);
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void dataServiceAddLoadAndUpdateKeepEveryTypeAndStampTheDates(Auth auth) throws Exception {
        Date birthday = eastern("1815-12-10T00:00:00");
        Object id = auth.call("DataService.add", "Contact", struct("FirstName", "Ada " + auth, "OwnerID", 7, "Birthday", birthday));
        Object[] fields = {"Id", "FirstName", "LastName", "OwnerID", "Birthday", "DateCreated", "LastUpdated"};

        Object updated = auth.call("DataService.update", "Contact", id, struct("LastName", "Lovelace"));
        Object loaded = auth.call("DataService.load", "Contact", id, fields);

        assertEquals(Integer.class, id.getClass());
        assertEquals(id, updated);
        assertEquals(struct("Id", id, "FirstName", "Ada " + auth, "LastName", "Lovelace", "OwnerID", 7, "Birthday", birthday,
                "DateCreated", Date.from(NOW), "LastUpdated", Date.from(NOW)), loaded);
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void contactServiceUpdateAnswersTheIdAndAddToGroupAnswersTrue(Auth auth) throws Exception {
        Object id = auth.call("ContactService.add", struct("FirstName", "Grace " + auth));

        assertEquals(id, auth.call("ContactService.update", id, struct("City", "Arlington")));
        assertEquals(Boolean.TRUE, auth.call("ContactService.addToGroup", id, 42));
        assertEquals(Boolean.TRUE, auth.call("ContactService.addToGroup", id, 43));
        assertEquals(Boolean.TRUE, auth.call("ContactService.addToGroup", id, 42));
        assertEquals(struct("City", "Arlington", "Groups", "42,43"), auth.call("ContactService.load", id, new Object[] {"City", "Groups"}));
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void theIsdksAddConWithAnEmailAddsThenOptsIn(Auth auth) throws Exception {
        String email = "new." + auth.name().toLowerCase() + "@example.com";
        Object id = auth.call("ContactService.add", struct("FirstName", "New", "Email", email));

        assertEquals(Boolean.TRUE, auth.call("APIEmailService.optIn", email, "Contact Was Opted In through the API"));
        assertTrue(SANDBOX.get().optedIn(email.toUpperCase()));
        assertEquals(Integer.class, id.getClass());
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void optInOfAnAddressNoContactHasAnswersFalse(Auth auth) throws Exception {
        assertEquals(Boolean.FALSE, auth.call("APIEmailService.optIn", DemoContacts.NOBODY, "reason"));
        assertFalse(SANDBOX.get().optedIn(DemoContacts.NOBODY));
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void unknownTableIsNoTableFound(Auth auth) {
        XmlRpcException e = fault(auth, "DataService.query", "Contacts", 10, 0, struct("Id", "%"), new Object[] {"Id"});

        assertEquals(9, e.code);
        assertEquals("[NoTableFound]No table found: Contacts", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void unknownFieldIsNoFieldFoundWhereverItIsNamed(Auth auth) {
        List<XmlRpcException> faults = List.of(
                fault(auth, "DataService.query", "Contact", 10, 0, struct("Nick", "x"), new Object[] {"Id"}),
                fault(auth, "DataService.findByField", "Contact", 10, 0, "Id", 3, new Object[] {"Nick"}),
                fault(auth, "DataService.query", "Contact", 10, 0, struct(), new Object[] {"Id"}, "Nick", true),
                fault(auth, "DataService.load", "Contact", 3, new Object[] {"Nick"}),
                fault(auth, "ContactService.update", 3, struct("Nick", "x")));

        for (XmlRpcException e : faults) {
            assertEquals(10, e.code);
            assertEquals("[NoFieldFound]No field found: Contact.Nick", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void pagingOutsideTheDocumentedLimitsIsInvalidParameter(Auth auth) {
        XmlRpcException tooMany = fault(auth, "DataService.query", "Contact", 1001, 0, struct(), new Object[] {"Id"});
        XmlRpcException beforeFirst = fault(auth, "DataService.findByField", "Contact", 10, -1, "Id", 3, new Object[] {"Id"});

        assertEquals(12, tooMany.code);
        assertEquals("[InvalidParameter]limit must be from 1 to 1000, not 1001", tooMany.getMessage());
        assertEquals(12, beforeFirst.code);
        assertEquals("[InvalidParameter]page must be 0 or more, not -1", beforeFirst.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void updateOfAMissingRecordIsRecordNotFoundAsInfusionsoftWordsIt(Auth auth) {
        XmlRpcException e = fault(auth, "ContactService.update", 48872, struct("City", "Boise"));

        assertEquals(5, e.code);
        assertEquals("[RecordNotFound]Unable to perform update. Record not found for Id:48872", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void fieldsTheServiceSetsAreNotWritable(Auth auth) {
        XmlRpcException e = fault(auth, "DataService.update", "Contact", 3, struct("LastUpdated", new Date()));

        assertEquals(8, e.code);
        assertEquals("[NoFieldAccess]No field access: Contact.LastUpdated", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Auth.class)
    void parametersOfTheWrongTypeMatchNoMethod(Auth auth) {
        XmlRpcException e = fault(auth, "DataService.load", "Contact", "3", new Object[] {"Id"});

        assertEquals(3, e.code);
        assertEquals("[Unexpected]No method matching arguments: DataService.load(string, string, array)", e.getMessage());
    }
}
