package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a folder read-only for the test and writable again on close: r-x permissions, and where
 * those do not stop the writer (root, as in CI) the immutable attribute ({@code chattr +i}, ext4
 * and most Linux file systems). Where neither works the test is skipped, except under CI=true.
 */
final class ReadOnlyFolder implements AutoCloseable {

    private final Path dir;
    private boolean immutable;

    private ReadOnlyFolder(Path dir) {
        this.dir = dir;
    }

    static ReadOnlyFolder of(Path dir) throws IOException, InterruptedException {
        ReadOnlyFolder ro = new ReadOnlyFolder(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (writable(dir)) {
            ro.immutable = chattr("+i", dir);
        }
        if (writable(dir)) {
            ro.close();
            assertTrue(System.getenv("CI") == null, "CI must be able to make a read-only folder (chattr +i as root)");
            Assumptions.abort("cannot make a read-only folder here (root without chattr +i)");
        }
        return ro;
    }

    private static boolean writable(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false; // no chattr
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            try {
                chattr("-i", dir);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
