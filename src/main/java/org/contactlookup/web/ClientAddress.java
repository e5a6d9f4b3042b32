package org.contactlookup.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client address Tomcat reports, read as a literal only: behind {@code RemoteIpValve} it is
 * whatever the proxy forwarded, and a name there must neither cost a DNS lookup nor be trusted.
 */
final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ClientAddress() {
    }

    /** The address {@code text} spells, when it is an IPv4 or IPv6 literal; empty for anything else, never looked up. */
    static Optional<InetAddress> literal(String text) {
        try {
            if (text != null && IPV4.matcher(text).matches()) {
                byte[] octets = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    octets[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(octets));
            }
            if (text != null && IPV6.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text)); // with a ':' the JDK parses a literal, never resolves
            }
        } catch (UnknownHostException e) {
            // shaped like an IPv6 literal, but not one
        }
        return Optional.empty();
    }
}
