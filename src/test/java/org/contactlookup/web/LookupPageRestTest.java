package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.contactlookup.sandbox.RecordedCall;
import org.junit.jupiter.api.Test;

/** The same page over REST v2: only the connection's protocol differs. */
class LookupPageRestTest extends LookupPageTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }

    @Test
    void addressRestCannotSearchExactlyGets400BesideTheField() throws Exception {
        HttpResponse<String> page = session.lookUp("*star@example.com", "Star", "Gazer");
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("<p class=\"error\" id=\"email-error\">This address cannot be looked up: an address "
                + "starting with &#39;*&#39; cannot be searched exactly over REST v2.</p>"), page.body());
        assertTrue(app.sandbox.calls().isEmpty());
    }

    @Override
    void assertJohnWasAskedFor(RecordedCall call) {
        assertEquals("/crm/rest/v2/contacts", call.path());
        assertEquals(List.of("filter=email==john.doe@example.com", "fields=id,email_addresses,given_name,family_name",
                "page_size=1000"), call.params());
    }
}
