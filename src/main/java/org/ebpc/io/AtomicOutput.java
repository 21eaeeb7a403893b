package org.ebpc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file so that it either appears complete or not at all: the bytes go to a temporary
 * file in the same folder, which is renamed over the target only on {@link #commit()}. Until
 * then an interrupted run (exception, Ctrl-C) leaves the target untouched; a shutdown hook
 * removes temporary files that were never committed.
 */
public final class AtomicOutput implements AutoCloseable {

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }
        }, "ebpc-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private AtomicOutput(Path target, Path temp) throws IOException {
        this.target = target;
        this.temp = temp;
        this.out = Files.newOutputStream(temp);
    }

    /**
     * Opens a temporary file beside {@code target}. Fails at once, before any work, if the
     * target exists and {@code overwrite} is false, or if its folder cannot be written.
     */
    public static AtomicOutput open(Path target, boolean overwrite) throws IOException {
        checkWritable(target, overwrite);
        Path dir = target.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write to folder " + dir + " (permission denied)");
        } catch (NoSuchFileException e) {
            throw new IOException("folder " + dir + " does not exist");
        } catch (FileSystemException e) {   // e.g. an immutable folder or a read-only file system
            throw new IOException("cannot write to folder " + dir + " (" + e.getReason() + ")");
        }
        PENDING.add(temp);
        try {
            return new AtomicOutput(target, temp);
        } catch (IOException e) {
            PENDING.remove(temp);
            Files.deleteIfExists(temp);
            throw e;
        }
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
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
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
