package org.contactlookup.web;

/** The page under pressure over REST v2. */
class PressureRestTest extends PressureTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }

    @Override
    int dropsPerFailure() {
        return 2;
    }
}
