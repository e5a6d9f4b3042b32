package org.contactlookup.client.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the lines of a connection file into its entries: connection lines
 * ({@code name:application:type:key:comment}) and setting lines ({@code name.setting = value}).
 * Every problem is reported with the file and the line it is on.
 */
final class ConnectionLines {
    private static final Pattern SETTING = Pattern.compile("([A-Za-z0-9_-]+)\\.([A-Za-z]+)\\s*=\\s*(.*)");

    private ConnectionLines() {
    }

    /** The file's connections by name, in the order the file defines them. */
    static Map<String, ConnectionEntry> parse(Path file, List<String> lines) {
        Map<String, ConnectionEntry> entries = new LinkedHashMap<>();
        List<Runnable> settings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // A setting's value may hold a colon (an address) and a key may hold '=': whichever comes first decides.
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            if (equals >= 0 && (colon < 0 || equals < colon)) {
                settings.add(() -> applySetting(file, lineNumber, line, entries));
            } else {
                ConnectionEntry entry = parseConnectionLine(file, lineNumber, line);
                if (entries.putIfAbsent(entry.name, entry) != null) {
                    throw new ConnectionConfigException(file, lineNumber, "connection '" + entry.name + "' is defined twice");
                }
            }
        }
        // Settings may come before or after their connection line; apply them once all are known.
        settings.forEach(Runnable::run);
        return entries;
    }

    private static ConnectionEntry parseConnectionLine(Path file, int lineNumber, String line) {
        // At most five fields: the comment keeps any colons it holds.
        String[] fields = line.split(":", 5);
        if (fields.length < 4) {
            throw new ConnectionConfigException(file, lineNumber,
                    "expected name:application:type:key:comment, found " + fields.length + " field(s)");
        }
        String name = fields[0].strip();
        String application = fields[1].strip();
        String typeLetter = fields[2].strip();
        AuthType type = AuthType.fromLetter(typeLetter).orElseThrow(() -> new ConnectionConfigException(file, lineNumber,
                "unknown type '" + typeLetter + "': use i (legacy key), k (Keap API key) or o (OAuth2 token)"));
        String keyField = fields[3].strip();
        if (keyField.isEmpty()) {
            throw new ConnectionConfigException(file, lineNumber, "connection '" + name + "' has no key");
        }
        try {
            Connection.checkNames(name, application);
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(file, lineNumber, e.getMessage());
        }
        return new ConnectionEntry(lineNumber, name, application, type, keyField);
    }

    private static void applySetting(Path file, int lineNumber, String line, Map<String, ConnectionEntry> entries) {
        Matcher m = SETTING.matcher(line);
        if (!m.matches()) {
            throw new ConnectionConfigException(file, lineNumber, "expected name.setting = value");
        }
        ConnectionEntry entry = entries.get(m.group(1));
        if (entry == null) {
            throw new ConnectionConfigException(file, lineNumber, "setting for unknown connection '" + m.group(1) + "'");
        }
        try {
            entry.set(m.group(2), m.group(3).strip(), file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new ConnectionConfigException(file, lineNumber, e.getMessage());
        }
    }
}
