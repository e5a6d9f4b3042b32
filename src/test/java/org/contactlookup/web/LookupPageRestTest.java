package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.contactlookup.sandbox.RecordedCall;

/** The same page over REST v2: only the connection's protocol differs. */
class LookupPageRestTest extends LookupPageTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }

    @Override
    void assertJohnWasAskedFor(RecordedCall call) {
        assertEquals("/crm/rest/v2/contacts", call.path());
        assertEquals(List.of("filter=email==john.doe@example.com", "fields=id,email_addresses,given_name,family_name",
                "page_size=1000"), call.params());
    }
}
