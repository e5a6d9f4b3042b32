package org.contactlookup.client.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Warns when a file holding a key, a secret or tokens can be read by its group or by others:
 * anyone else on the host (another service, a shell user) could then take it. Files are read
 * again every few seconds (a key file at every connection reload), so each file is named once
 * per problem: again only when its permissions change to another readable set, or after they
 * were mended and went wrong again. The content is never read here, let alone printed. On a
 * file system without POSIX permissions there is nothing to check and nothing is said.
 * Thread-safe.
 */
public final class OwnerOnlyCheck {
    private static final Logger LOG = Logger.getLogger("org.contactlookup.client");
    /** The permissions last warned about, per file. */
    private static final Map<Path, String> WARNED = new ConcurrentHashMap<>();

    private OwnerOnlyCheck() {
    }

    /**
     * @param file a file just read
     * @param what what it holds, for the warning, such as {@code "the key of 'main'"}
     */
    public static void check(Path file, String what) {
        Path name = file.toAbsolutePath().normalize();
        Set<PosixFilePermission> permissions;
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(name, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            permissions = view.readAttributes().permissions();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return; // the file was readable a moment ago; the next read checks again
        }
        boolean group = permissions.contains(PosixFilePermission.GROUP_READ);
        boolean others = permissions.contains(PosixFilePermission.OTHERS_READ);
        if (!group && !others) {
            WARNED.remove(name);
            return;
        }
        String shown = PosixFilePermissions.toString(permissions);
        if (!shown.equals(WARNED.put(name, shown))) {
            String who = group && others ? "its group and by others" : group ? "its group" : "others";
            LOG.warning(name + ", which holds " + what + ", can be read by " + who + " (" + shown
                    + "): make it readable by its owner only, as with chmod go-rwx " + name);
        }
    }
}
