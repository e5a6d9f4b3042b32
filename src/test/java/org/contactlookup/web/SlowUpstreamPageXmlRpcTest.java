package org.contactlookup.web;

import org.contactlookup.sandbox.Sandbox;

/** Slow upstreams over XML-RPC. */
class SlowUpstreamPageXmlRpcTest extends SlowUpstreamPageTest {
    @Override
    String connection() {
        return "sandbox";
    }

    @Override
    String endpointPath() {
        return Sandbox.KEAP_PATH;
    }
}
