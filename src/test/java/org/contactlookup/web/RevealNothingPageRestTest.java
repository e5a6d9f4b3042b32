package org.contactlookup.web;

/** Over REST v2, with {@code contactlookup.reveal} set to {@code nothing}. */
class RevealNothingPageRestTest extends RevealNothingPageTest {
    @Override
    String connection() {
        return "sandbox-rest";
    }

    @Override
    String revealSetting() {
        return "nothing";
    }
}
