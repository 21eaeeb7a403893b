package org.ebpc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes a file so that it either appears complete or not at all: the bytes go to a temporary
 * file in the same folder, which is renamed over the target only on {@link #commit()}. Until
 * then an interrupted run (exception, Ctrl-C) leaves the target untouched; a shutdown hook
 * removes temporary files that were never committed.
 */
public final class AtomicOutput implements AutoCloseable {

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (Path p : PENDING) {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // best effort at exit
                                }
                            }
                        },
                        "ebpc-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private final boolean overwrite;
    private boolean committed;
    /** Folders already swept for the temporary files of dead runs. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private static final long PID = ProcessHandle.current().pid();

    private AtomicOutput(Path target, Created temp, boolean overwrite) {
        this.target = target;
        this.temp = temp.path();
        this.overwrite = overwrite;
        this.out = temp.out();
    }

    /** A new temporary file, open for writing. */
    private record Created(Path path, OutputStream out) {}

    /**
     * Temporary files are named {@code .NAME.ebpc-PID-N.tmp}: a later run recognizes those of a
     * run that died (SIGKILL, power loss) by the pid, no longer alive, and removes them. Created
     * and opened in one call (a folder of 5,000 small files pays each open: 76 us here).
     */
    private static Created tempFor(Path dir, Path target) throws IOException {
        String prefix = "." + PathNames.of(target) + ".ebpc-" + PID + "-";
        for (int n = 0; ; n++) {
            Path p = dir.resolve(prefix + n + ".tmp");
            try {
                return new Created(
                        p, Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                // another file of this run: the next number
            }
        }
    }

    private static final java.util.regex.Pattern TEMP =
            java.util.regex.Pattern.compile("\\..+\\.ebpc-(\\d+)-\\d+\\.tmp");

    /** Temporary files of dead runs removed so far and not yet reported. */
    private static final Queue<Path> REMOVED = new ConcurrentLinkedQueue<>();

    /** The temporary files of dead runs removed since the last call, for {@code -v}. */
    public static List<Path> drainRemoved() {
        List<Path> all = new ArrayList<>();
        for (Path p = REMOVED.poll(); p != null; p = REMOVED.poll()) {
            all.add(p);
        }
        return all;
    }

    /**
     * Removes the temporary files of runs that died in {@code dir} (once per folder and run):
     * named as {@link #tempFor} names them, owned by this user, and their pid no longer alive.
     * What it removes is kept for {@link #drainRemoved}.
     */
    static void sweepDeadRuns(Path dir) {
        if (!SWEPT.add(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.ebpc-*.tmp")) {
            for (Path f : files) {
                java.util.regex.Matcher m = TEMP.matcher(PathNames.of(f));
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != PID
                        && ProcessHandle.of(pid).isEmpty()
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && ownedByUs(f)
                        && Files.deleteIfExists(f)) {
                    REMOVED.add(f);
                }
            }
        } catch (IOException | SecurityException ignored) {
            // best effort: a folder we cannot list has nothing of ours to clean
        }
    }

    private static boolean ownedByUs(Path f) {
        try {
            return Files.getOwner(f, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The folder {@code target} is in (a root is refused before this: it is a folder itself). */
    public static Path folderOf(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IOException(target + " is a folder");
        }
        return dir;
    }

    /**
     * Opens a temporary file beside {@code target}. Fails at once, before any work, if the
     * target exists and {@code overwrite} is false, or if its folder cannot be written.
     */
    public static AtomicOutput open(Path target, boolean overwrite) throws IOException {
        checkWritable(target, overwrite);
        Path dir = folderOf(target);
        sweepDeadRuns(dir);
        Created temp;
        try {
            temp = tempFor(dir, target);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write to folder " + dir + " (permission denied)");
        } catch (NoSuchFileException e) {
            throw new IOException("folder " + dir + " does not exist");
        } catch (FileSystemException e) { // e.g. an immutable folder or a read-only file system
            throw new IOException("cannot write to folder " + dir + " (" + e.getReason() + ")");
        }
        PENDING.add(temp.path());
        return new AtomicOutput(target, temp, overwrite);
    }

    /** Fails if {@code target} exists and may not be overwritten, or is a folder. */
    public static void checkWritable(Path target, boolean overwrite) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a folder");
        }
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " already exists (use -f to overwrite)");
        }
    }

    public OutputStream stream() {
        return out;
    }

    /** Closes the temporary file and renames it over the target, readable as files usually are (rw-r--r--). */
    public void commit() throws IOException {
        commit(PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** As {@link #commit()}, with these permissions (e.g. the source file's) where the file system has them. */
    public void commit(Set<PosixFilePermission> permissions) throws IOException {
        out.close();
        try {
            Files.setPosixFilePermissions(temp, permissions);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: keep its defaults
        }
        if (overwrite) {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            // No clobbering, even of a file that appeared while this run worked: a hard link
            // to the target name fails atomically if it exists (a rename would replace it).
            try {
                Files.createLink(target, temp);
                Files.delete(temp);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(
                        target + " appeared while this run worked; it is kept (use -f to overwrite)");
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.move(temp, target); // no hard links here: a rename that refuses an existing target
            }
        }
        PENDING.remove(temp);
        committed = true;
    }

    /** Without a commit, deletes the temporary file; the target stays as it was. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(temp);
                PENDING.remove(temp);
            }
        }
    }
}
