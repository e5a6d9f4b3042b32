package org.contactlookup.web;

/** Slow upstreams over REST v2. */
class SlowUpstreamPageRestTest extends SlowUpstreamPageTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }

    @Override
    String endpointPath() {
        return "/crm/rest/v2";
    }
}
