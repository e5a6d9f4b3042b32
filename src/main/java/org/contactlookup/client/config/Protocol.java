package org.contactlookup.client.config;

/** Which of Keap's APIs a connection speaks; set with {@code name.protocol} in the connection file. */
public enum Protocol {
    /** XML-RPC, the API the guide uses (deprecated by Keap). The default. */
    XMLRPC,
    /** REST v2, where {@code findByEmail} goes after XML-RPC is switched off. */
    REST
}
