package org.contactlookup.client.oauth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.contactlookup.client.config.Secret;

/**
 * Another process writing the token file, as a second Tomcat on the host does: run in its own
 * JVM, it takes the write lock, says {@code locked}, waits for a line on standard input, then
 * writes the pair named by its arguments and lets the lock go.
 * Arguments: token file, token name, obtainedAt (ISO instant).
 */
public final class TokenFileWriter {
    private TokenFileWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath().normalize();
        Instant obtained = Instant.parse(args[2]);
        Tokens pair = new Tokens(Secret.of("access-" + args[1]), Secret.of("refresh-" + args[1]), obtained.plusSeconds(86_400), obtained);
        try (FileChannel channel = FileChannel.open(TokenFileLock.of(file).lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock(TokenFileLock.WRITE_BYTE, 1, false)) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Files.writeString(file, pair.toJson());
        }
    }
}
