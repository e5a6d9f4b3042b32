package org.contactlookup.web;

/** Waiting without threads over REST v2. */
class WaitingWithoutThreadsRestTest extends WaitingWithoutThreadsTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }
}
