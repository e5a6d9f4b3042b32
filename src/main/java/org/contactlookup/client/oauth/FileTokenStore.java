package org.contactlookup.client.oauth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.contactlookup.client.config.OwnerOnlyCheck;

/**
 * Tokens kept in one file, as JSON, readable by its owner only. A new pair is written to a
 * temporary file beside it, forced to disk, and moved over the old one in one atomic step: a
 * crash leaves the old pair or the new one, never half of either. The lease is a lock on
 * {@code FILE.lock}, held by one client of one JVM at a time, so two processes sharing the file
 * (a restart that overlaps, two Tomcats on one host) do not both refresh. Thread-safe.
 */
public final class FileTokenStore implements TokenStore {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** One lease per file in this JVM; the file lock keeps other processes out. */
    private static final Map<Path, Holder> HOLDERS = new ConcurrentHashMap<>();
    /** One writer per file in this JVM at a time, so that "keep the newer pair" reads what it replaces. */
    private static final Map<Path, Object> WRITERS = new ConcurrentHashMap<>();

    private final Path file;

    public FileTokenStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
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
        synchronized (WRITERS.computeIfAbsent(file, f -> new Object())) {
            Optional<Tokens> kept = loadIgnoringDamage();
            if (kept.isPresent() && tokens.olderThan(kept.get())) {
                return kept.get();
            }
            write(tokens.toJson());
            return tokens;
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
     * Checks now that a new pair could be written: the folder exists (or can be made) and a file
     * can be created in it, as every refresh does beside the old file.
     *
     * @throws TokenStoreException naming the folder and the user that cannot write there
     */
    public void checkWritable() {
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
        } catch (IOException e) {
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

    /**
     * The lease for this file: one holder in this JVM, and a lock on {@code FILE.lock} against
     * other processes (a crashed process releases it). A holder in this JVM that has not closed
     * its lease after {@code ttl} loses it to the next caller, like a Redis lease that expires.
     */
    @Override
    public Optional<Lease> tryLease(Duration ttl) {
        Holder holder = HOLDERS.computeIfAbsent(file, f -> new Holder());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        synchronized (holder) {
            if (holder.channel != null && System.nanoTime() < holder.expiresAt) {
                return Optional.empty();
            }
            holder.release(); // nobody holds it, or the holder overran its time
            try {
                Files.createDirectories(lockFile.getParent());
                FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    channel.close(); // another process refreshes
                    return Optional.empty();
                }
                holder.channel = channel;
                holder.expiresAt = System.nanoTime() + ttl.toNanos();
                return Optional.of(() -> {
                    synchronized (holder) {
                        if (holder.channel == channel) {
                            holder.release();
                        }
                    }
                });
            } catch (IOException | OverlappingFileLockException e) {
                throw new TokenStoreException("the lock file " + lockFile + " cannot be used: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    /** Who holds the lease of one file in this JVM: the channel whose lock keeps other processes out. */
    private static final class Holder {
        FileChannel channel;
        long expiresAt;

        void release() {
            if (channel != null) {
                try {
                    channel.close(); // releases the lock
                } catch (IOException ignored) {
                    // closing a lock file cannot lose anything
                }
                channel = null;
            }
        }
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
