package org.contactlookup.client.oauth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The locks on {@code FILE.lock} that keep the processes sharing one token file apart (an
 * overlapping restart, two Tomcats on one host): its byte 0 is the refresh lease, its byte 1 the
 * right to compare and write the token file. One instance per file in this JVM, whose channel
 * stays open: on POSIX systems, closing any channel of a file drops every lock the process holds
 * on it, so a channel opened for one save and closed after it would free the lease unseen.
 * A crashed process releases its locks. Thread-safe.
 */
final class TokenFileLock {
    /** How long a save waits for another process's save (a few milliseconds) or an older version's lease. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(5);
    static final long LEASE_BYTE = 0;
    static final long WRITE_BYTE = 1;
    private static final Map<Path, TokenFileLock> LOCKS = new ConcurrentHashMap<>();

    private final Path lockFile;
    /** One writer at a time in this JVM; the lock on {@link #WRITE_BYTE} keeps other processes out. */
    private final Object writing = new Object();
    private FileChannel channel;
    private FileLock lease;
    private long leaseExpiresAt;

    private TokenFileLock(Path lockFile) {
        this.lockFile = lockFile;
    }

    /** The locks of {@code tokenFile} (absolute and normalized), the same object for every store of that file. */
    static TokenFileLock of(Path tokenFile) {
        return LOCKS.computeIfAbsent(tokenFile, f -> new TokenFileLock(f.resolveSibling(f.getFileName() + ".lock")));
    }

    Path lockFile() {
        return lockFile;
    }

    /**
     * The lease, if no one holds it. A holder in this JVM that has not closed its lease after
     * {@code ttl} loses it to the next caller, like a Redis lease that expires.
     */
    synchronized Optional<TokenStore.Lease> tryLease(Duration ttl) {
        if (lease != null && System.nanoTime() < leaseExpiresAt) {
            return Optional.empty();
        }
        releaseLease(); // nobody holds it, or the holder overran its time
        try {
            FileLock taken = channel().tryLock(LEASE_BYTE, 1, false);
            if (taken == null) {
                return Optional.empty(); // another process refreshes
            }
            lease = taken;
            leaseExpiresAt = System.nanoTime() + ttl.toNanos();
            return Optional.of(() -> {
                synchronized (this) {
                    if (lease == taken) {
                        releaseLease();
                    }
                }
            });
        } catch (IOException | OverlappingFileLockException e) {
            throw unusable(e);
        }
    }

    private void releaseLease() {
        if (lease != null) {
            try {
                lease.release();
            } catch (IOException ignored) {
                // releasing a lock cannot lose anything; a closed channel has released it already
            }
            lease = null;
        }
    }

    /**
     * Runs {@code compareAndWrite} while no other writer of the token file runs, in this JVM or in
     * another process, so that a pair read there is still the one kept when the new one replaces it.
     *
     * @throws TokenStoreException when the lock cannot be had within {@link #WRITE_WAIT}
     */
    <T> T whileWriting(Supplier<T> compareAndWrite) {
        synchronized (writing) {
            FileLock lock = awaitWriteLock();
            try {
                return compareAndWrite.get();
            } finally {
                try {
                    lock.release();
                } catch (IOException ignored) {
                    // as above
                }
            }
        }
    }

    private FileLock awaitWriteLock() {
        long giveUpAt = System.nanoTime() + WRITE_WAIT.toNanos();
        try {
            while (true) {
                FileChannel open;
                synchronized (this) {
                    open = channel();
                }
                FileLock lock = open.tryLock(WRITE_BYTE, 1, false);
                if (lock != null) {
                    return lock;
                }
                if (System.nanoTime() >= giveUpAt) {
                    throw new TokenStoreException("the lock file " + lockFile + " stayed locked by another process for "
                            + WRITE_WAIT.toSeconds() + " s", null);
                }
                Thread.sleep(10);
            }
        } catch (IOException | OverlappingFileLockException e) {
            throw unusable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenStoreException("interrupted while waiting for the lock file " + lockFile, e);
        }
    }

    /** Opened at first use and kept open (see the class comment); opened again if it was closed by an interrupt. */
    private FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lease = null; // a closed channel released it
        }
        return channel;
    }

    private TokenStoreException unusable(Exception e) {
        return new TokenStoreException("the lock file " + lockFile + " cannot be used: " + e.getClass().getSimpleName(), e);
    }
}
