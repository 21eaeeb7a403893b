package org.ebpc.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A zip archive (an .npz) unpacked into a new folder that appears complete or not at all. */
public final class ZipFolders {

    private ZipFolders() {}

    /**
     * Writes each file entry of {@code zip} below {@code folder}, which must not exist: into a
     * temporary folder beside it, moved into place at the end (removed if anything fails).
     * Entries that are folders, or whose names lead outside it, are skipped.
     */
    public static void extract(byte[] zip, Path folder) throws IOException {
        Path parent = AtomicOutput.folderOf(folder);
        // Created as the user's other folders are (the umask applies; a temp directory would be 0700).
        Path temp = parent.resolve(
                "." + PathNames.of(folder) + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        Files.createDirectory(temp);
        try {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    Path out = temp.resolve(e.getName()).normalize();
                    if (e.isDirectory() || !out.startsWith(temp) || out.equals(temp)) {
                        continue; // no folders, nothing outside the target
                    }
                    Files.createDirectories(Objects.requireNonNull(out.getParent(), "an entry's folder"));
                    Files.copy(in, out);
                }
            }
            Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(temp)) {
                try (Stream<Path> walk = Files.walk(temp)) {
                    for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }
}
