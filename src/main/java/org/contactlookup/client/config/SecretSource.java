package org.contactlookup.client.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Reads a key, a token or a password written as a connection file writes keys: {@code $NAME}
 * (a setting, most often an environment variable), {@code @path} (a file, relative paths from
 * {@code folder}) or the value itself. Messages name where the value should have come from,
 * never the value. A file that its group or others can read is named in a warning
 * ({@link OwnerOnlyCheck}).
 */
public final class SecretSource {
    private SecretSource() {
    }

    /**
     * @param what what the value is, for messages, such as {@code "the key of 'main'"}
     * @throws IllegalArgumentException when the value is missing, unreadable or unusable
     */
    public static Secret read(String field, UnaryOperator<String> settings, Path folder, String what) {
        String value;
        if (field.startsWith("$")) {
            String name = field.substring(1);
            value = settings.apply(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " comes from environment variable " + name + ", which is not set");
            }
        } else if (field.startsWith("@")) {
            value = readFile(folder.resolve(field.substring(1)), what);
        } else {
            value = field;
        }
        try {
            return Secret.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is unusable: " + e.getMessage(), e);
        }
    }

    private static String readFile(Path file, String what) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " comes from " + file + ", which does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(what + " comes from " + file + ", which cannot be read by user "
                    + System.getProperty("user.name"));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " comes from " + file + ", which cannot be read: " + e.getClass().getSimpleName());
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " comes from " + file + ", which is empty");
        }
        OwnerOnlyCheck.check(file, what);
        return value;
    }
}
