package org.contactlookup.web;

/** Upstream faults over XML-RPC. */
class UpstreamFaultPageXmlRpcTest extends UpstreamFaultPageTest {
    @Override
    String connection() {
        return "sandbox";
    }

    @Override
    int dropsToFail() {
        return 1;
    }
}
