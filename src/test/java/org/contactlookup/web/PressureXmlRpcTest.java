package org.contactlookup.web;

/** The page under pressure over XML-RPC. */
class PressureXmlRpcTest extends PressureTest {
    @Override
    String connection() {
        return "sandbox";
    }

    @Override
    int dropsPerFailure() {
        return 1;
    }
}
