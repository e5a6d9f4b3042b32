package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.contactlookup.sandbox.DemoContacts;
import org.contactlookup.sandbox.RecordedCall;

/** The page over XML-RPC, as the guide does it. */
class LookupPageXmlRpcTest extends LookupPageTest {
    @Override
    String connection() {
        return "sandbox";
    }

    @Override
    void assertJohnWasAskedFor(RecordedCall call) {
        assertEquals("ContactService.findByEmail", call.method());
        assertEquals(List.of("placeholder", DemoContacts.JOHN, List.of("Id", "FirstName", "LastName", "Email")), call.params());
    }
}
