package org.contactlookup.web;

/** Waiting without threads over XML-RPC. */
class WaitingWithoutThreadsXmlRpcTest extends WaitingWithoutThreadsTest {
    @Override
    String connection() {
        return "sandbox";
    }
}
