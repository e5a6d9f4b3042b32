package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client addresses are read as literals only: a name or a malformed address is no address, and is never looked up. */
class ClientAddressTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "192.0.2.7, 192.0.2.7", "127.5.6.7, 127.5.6.7", "2001:db8::1, 2001:db8:0:0:0:0:0:1", "::1, 0:0:0:0:0:0:0:1",
            "300.1.1.1, -", "1.2.3, -", "localhost, -", "contact-lookup.example, -", ":::x, -", "'', -"})
    void onlyALiteralIsAnAddress(String text, String address) {
        assertEquals(address, ClientAddress.literal(text).map(a -> a.getHostAddress()).orElse(null));
    }
}
