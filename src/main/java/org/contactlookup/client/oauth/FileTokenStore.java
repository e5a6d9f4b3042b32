package org.contactlookup.client.oauth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.contactlookup.client.config.OwnerOnlyCheck;

/**
 * Tokens kept in one file, as JSON, readable by its owner only. A new pair is written to a
 * temporary file beside it, forced to disk, and moved over the old one in one atomic step: a
 * crash leaves the old pair or the new one, never half of either. Locks on {@code FILE.lock}
 * ({@link TokenFileLock}) keep processes sharing the file (a restart that overlaps, two Tomcats
 * on one host) apart: the lease, held by one client of one JVM at a time, so that they do not
 * both refresh; and each save's compare and write, so that none puts back an older pair.
 *
 * <p>The file must be on a file system with POSIX permissions, the only way this class has to
 * make it owner-only: elsewhere (a Windows drive, some network shares) every save fails with a
 * {@link TokenStoreException} saying so, and {@link #checkOwnerOnly()} says it before a first
 * use. Thread-safe.
 */
public final class FileTokenStore implements TokenStore {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final TokenFileLock locks;

    public FileTokenStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.locks = TokenFileLock.of(this.file);
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<Tokens> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new TokenStoreException("the token file " + file + " cannot be read by user " + System.getProperty("user.name"), e);
        } catch (IOException e) {
            throw new TokenStoreException("the token file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        OwnerOnlyCheck.check(file, "OAuth2 tokens");
        try {
            return Optional.of(Tokens.fromJson(text));
        } catch (IllegalArgumentException e) {
            throw new TokenStoreException("the token file " + file + " is unusable: " + e.getMessage(), null);
        }
    }

    @Override
    public Tokens save(Tokens tokens) {
        checkOwnerOnly();
        return locks.whileWriting(() -> {
            Optional<Tokens> kept = loadIgnoringDamage();
            if (kept.isPresent() && tokens.olderThan(kept.get())) {
                return kept.get();
            }
            write(tokens.toJson());
            return tokens;
        });
    }

    /**
     * Checks that the token file can be made readable by its owner only: its file system has
     * POSIX permissions.
     *
     * @throws TokenStoreException naming the file and what to do
     */
    public void checkOwnerOnly() {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            throw new TokenStoreException("the token file " + file + " is on a file system without POSIX permissions, where it "
                    + "cannot be made readable by its owner only: name a token file on one that has them (a local Linux or macOS "
                    + "file system), or keep the tokens in Redis (contactlookup.redis)", null);
        }
    }

    /** A damaged or unreadable file is replaced, not kept: the pair being saved is the one that works. */
    private Optional<Tokens> loadIgnoringDamage() {
        try {
            return load();
        } catch (TokenStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks now that a new pair could be written: the file can be made owner-only
     * ({@link #checkOwnerOnly()}), the folder exists (or can be made) and a file can be created
     * in it, as every refresh does beside the old file.
     *
     * @throws TokenStoreException naming the folder and the user that cannot write there
     */
    public void checkWritable() {
        checkOwnerOnly();
        Path folder = file.getParent();
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, "." + file.getFileName() + ".", ".probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw new TokenStoreException("the folder " + folder + " of the token file cannot be written by user "
                    + System.getProperty("user.name") + " (" + e.getClass().getSimpleName() + "): the app writes each new pair "
                    + "beside the old one, so the folder must be writable by the user it runs as", e);
        }
    }

    private void write(String json) {
        Path folder = file.getParent();
        Path temporary = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(folder);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceFolder(folder);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write failed already; the leftover is owner-only and named as temporary
            }
            throw new TokenStoreException("the token file " + file + " cannot be written by user " + System.getProperty("user.name")
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The rename itself reaches the disk only when the folder is forced too. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot force a folder; the rename is still atomic there.
        }
    }

    /** The lease for this file: see {@link TokenFileLock#tryLease(Duration)}. */
    @Override
    public Optional<Lease> tryLease(Duration ttl) {
        return locks.tryLease(ttl);
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + file + "]";
    }
}
