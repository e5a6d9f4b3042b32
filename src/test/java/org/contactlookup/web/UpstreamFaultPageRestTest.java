package org.contactlookup.web;

/** Upstream faults over REST v2. */
class UpstreamFaultPageRestTest extends UpstreamFaultPageTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }

    @Override
    int dropsToFail() {
        return 2;
    }
}
