package org.contactlookup.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.owasp.encoder.Encode;

/**
 * The app's HTML. Every value that comes from a person, from Infusionsoft or from the request goes
 * through {@code Encode.forHtml}, which is safe both in text and inside quoted attributes: a
 * contact named {@code <script>} shows as text. No inline script or style, so the
 * Content-Security-Policy can forbid both.
 */
final class Pages {
    private Pages() {
    }

    /**
     * {@code value} encoded for HTML text or a quoted attribute, with every character that is
     * invisible or changes how the text around it reads (controls, line and paragraph separators,
     * bidi overrides, zero-width spaces) shown as U+FFFD: a filled-back field or a contact's name
     * cannot be made to read backwards or hide part of itself. Zero-width joiners stay, since
     * names in some scripts need them.
     */
    static String forHtml(String value) {
        return Encode.forHtml(visible(value));
    }

    static String visible(String value) {
        if (value == null || value.codePoints().noneMatch(Pages::hidden)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(hidden(c) ? '\uFFFD' : c));
        return out.toString();
    }

    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (type == Character.FORMAT && c != '\u200C' && c != '\u200D');
    }

    /** The form, with earlier input filled back in and errors beside their fields. */
    static String form(String contextPath, ConnectionStatus status, String csrf, ContactForm input, Map<String, String> errors) {
        StringBuilder html = start(contextPath, errors.isEmpty() ? "Look up a contact" : "Check the form");
        statusLine(html, status);
        if (!errors.isEmpty()) {
            html.append("<p class=\"error-summary\" role=\"alert\">Please correct the ")
                    .append(errors.size() == 1 ? "field" : errors.size() + " fields").append(" marked below.</p>\n");
        }
        formBody(html, contextPath, csrf, input, errors);
        return end(html);
    }

    /** The lookup's answer: a table of matches, or the guide's "found no one". */
    static String results(String contextPath, ConnectionStatus status, String csrf, ContactForm input,
                          List<Map<String, Object>> contacts) {
        StringBuilder html = start(contextPath, "Lookup result");
        statusLine(html, status);
        if (contacts.isEmpty()) {
            html.append("<p class=\"none\" id=\"result\">Found no one with the email address <strong>")
                    .append(forHtml(input.email())).append("</strong>.</p>\n");
        } else {
            html.append("<h2 id=\"result\">Found ").append(contacts.size()).append(contacts.size() == 1 ? " contact" : " contacts")
                    .append(" with the email address <strong>").append(forHtml(input.email())).append("</strong></h2>\n");
            table(html, input, contacts);
        }
        html.append("<h2>Look up another</h2>\n");
        formBody(html, contextPath, csrf, input, Map.of());
        return end(html);
    }

    /**
     * The answer when the page reveals nothing stored ({@link Reveal#NOTHING}): one of two fixed
     * sentences and an empty form. Nothing typed is filled back in, so that the answer depends on
     * nothing but whether the address and the name belong to one contact.
     */
    static String matchOnly(String contextPath, ConnectionStatus status, String csrf, boolean match) {
        StringBuilder html = start(contextPath, "Lookup result");
        statusLine(html, status);
        html.append(match
                ? "<p class=\"match\" id=\"result\">A contact with the email address and the name you typed exists.</p>\n"
                : "<p class=\"none\" id=\"result\">No contact has both the email address and the name you typed.</p>\n");
        html.append("<p class=\"note\">This page says only that; it shows nothing stored about a contact.</p>\n");
        html.append("<h2>Look up another</h2>\n");
        formBody(html, contextPath, csrf, new ContactForm("", "", ""), Map.of());
        return end(html);
    }

    /** An error page: what happened in plain words, and the reference the log line carries. */
    static String error(String contextPath, String title, String message, String reference) {
        StringBuilder html = start(contextPath, title);
        html.append("<p class=\"problem\" role=\"alert\">").append(forHtml(message)).append("</p>\n");
        if (reference != null) {
            html.append("<p class=\"reference\">Reference: <code>").append(forHtml(reference)).append("</code></p>\n");
        }
        html.append("<p><a href=\"").append(forHtml(contextPath)).append("/\">Back to the form</a></p>\n");
        return end(html);
    }

    private static void table(StringBuilder html, ContactForm input, List<Map<String, Object>> contacts) {
        html.append("<table>\n<thead><tr><th scope=\"col\">Id</th><th scope=\"col\">First name</th>")
                .append("<th scope=\"col\">Last name</th><th scope=\"col\">Email</th>")
                .append("<th scope=\"col\">Name you typed</th></tr></thead>\n<tbody>\n");
        for (Map<String, Object> contact : contacts) {
            boolean sameName = Reveal.carriesTypedName(input, contact);
            html.append("<tr><td>").append(cell(contact.get("Id")))
                    .append("</td><td>").append(cell(contact.get("FirstName")))
                    .append("</td><td>").append(cell(contact.get("LastName")))
                    .append("</td><td>").append(cell(contact.get("Email")))
                    .append("</td><td>").append(sameName ? "matches" : "differs")
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String cell(Object value) {
        return value == null ? "" : forHtml(Objects.toString(value));
    }

    private static void formBody(StringBuilder html, String contextPath, String csrf, ContactForm input, Map<String, String> errors) {
        html.append("<form method=\"post\" action=\"").append(forHtml(contextPath)).append("/\" accept-charset=\"UTF-8\">\n")
                .append("<input type=\"hidden\" name=\"").append(CsrfTokens.FIELD).append("\" value=\"").append(forHtml(csrf)).append("\">\n");
        field(html, "email", "Email", "email", "email", 254, input.email(), errors.get("email"));
        field(html, "first", "First name", "text", "given-name", ContactForm.MAX_NAME_LENGTH, input.first(), errors.get("first"));
        field(html, "last", "Last name", "text", "family-name", ContactForm.MAX_NAME_LENGTH, input.last(), errors.get("last"));
        html.append("<button type=\"submit\">Look up</button>\n</form>\n");
    }

    private static void field(StringBuilder html, String name, String label, String type, String autocomplete,
                              int maxLength, String value, String error) {
        html.append("<div class=\"field\">\n<label for=\"").append(name).append("\">").append(label).append("</label>\n")
                .append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"").append(type)
                .append("\" autocomplete=\"").append(autocomplete).append("\" required maxlength=\"").append(maxLength)
                .append("\" value=\"").append(forHtml(value)).append('"');
        if (error != null) {
            html.append(" aria-invalid=\"true\" aria-describedby=\"").append(name).append("-error\">\n")
                    .append("<p class=\"error\" id=\"").append(name).append("-error\">").append(forHtml(error)).append("</p>\n");
        } else {
            html.append(">\n");
        }
        html.append("</div>\n");
    }

    private static void statusLine(StringBuilder html, ConnectionStatus status) {
        String css = status.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String text = switch (status.state()) {
            case CONNECTED -> "Connected to Infusionsoft.";
            case CHECKING -> "Checking the connection to Infusionsoft.";
            case LIMITED -> "Connection not checked: this application's rate limit is spent for now.";
            case NOT_CONFIGURED -> "Not set up: " + status.summary() + ". Lookups are unavailable.";
            case FAILED -> "Not connected to Infusionsoft: " + status.summary() + ".";
        };
        html.append("<p class=\"status status-").append(css).append("\" id=\"status\">").append(forHtml(text)).append("</p>\n");
    }

    private static StringBuilder start(String contextPath, String title) {
        return new StringBuilder(4096)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(forHtml(title)).append(" · Contact lookup</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(forHtml(contextPath)).append("/static/style.css\">\n")
                .append("</head>\n<body>\n<main>\n<h1>").append(forHtml(title)).append("</h1>\n");
    }

    private static String end(StringBuilder html) {
        return html.append("</main>\n</body>\n</html>\n").toString();
    }
}
