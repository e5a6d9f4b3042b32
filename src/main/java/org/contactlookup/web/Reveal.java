package org.contactlookup.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What a lookup's answer shows, the operator's choice through {@value #SETTING}.
 *
 * <ul>
 *   <li>{@code nothing} (the default): only whether a contact with the typed address also carries
 *   the typed first and last name. The answer shows nothing stored (no id, no stored name, no
 *   stored spelling of the address) and does not repeat what was typed, so it is the same, byte
 *   for byte apart from the form's token, for "no contact with this address" and "a contact with
 *   this address but other names": the page tells no one which addresses exist.</li>
 *   <li>{@code guide}: the guide's page, a table of every contact found with its id, stored names
 *   and main address. For a tutorial, or a page only trusted people can reach.</li>
 * </ul>
 *
 * The default is the one that discloses nothing, since a WAR dropped into a Tomcat is usually
 * public; the launcher and the tests ask for {@code guide}. Any other value is logged as
 * {@code SEVERE} and read as {@code nothing}, so a typo never opens the page up.
 */
enum Reveal {
    NOTHING, GUIDE;

    /** The setting that chooses. */
    static final String SETTING = "contactlookup.reveal";
    private static final Logger LOG = Logger.getLogger(Reveal.class.getName());

    static Reveal from(Settings settings) {
        String value = settings.get(SETTING).orElse("nothing");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.severe(SETTING + " must be 'nothing' or 'guide', not '" + value + "'; revealing nothing");
            return NOTHING;
        }
    }

    /** The page for a lookup that found {@code contacts} at the typed address. */
    String results(String contextPath, ConnectionStatus status, String csrf, ContactForm input, List<Map<String, Object>> contacts) {
        if (this == GUIDE) {
            return Pages.results(contextPath, status, csrf, input, contacts);
        }
        return Pages.matchOnly(contextPath, status, csrf, contacts.stream().anyMatch(contact -> carriesTypedName(input, contact)));
    }

    /** The same comparison as the guide's "Name you typed" column: composed and case-folded. */
    static boolean carriesTypedName(ContactForm input, Map<String, Object> contact) {
        return Names.sameName(input.first(), contact.get("FirstName")) && Names.sameName(input.last(), contact.get("LastName"));
    }
}
