package org.contactlookup.web;

/** Over XML-RPC, with {@code contactlookup.reveal} left unset: the default reveals nothing. */
class RevealNothingPageXmlRpcTest extends RevealNothingPageTest {
    @Override
    String connection() {
        return "sandbox";
    }

    @Override
    String revealSetting() {
        return "";
    }
}
