package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An .npz unpacked into a folder: its files, nothing outside it, and no half-made folder left behind. */
class ZipFoldersTest {

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndContents[i]));
                z.write(namesAndContents[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void filesLandInTheFolderAndNothingOutsideIt(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("acts");
        Path absolute = dir.resolve("abs.npy").toAbsolutePath(); // outside the folder, inside this test's own
        ZipFolders.extract(
                zip("a.npy", "A", "sub/b.npy", "B", "../evil.npy", "X", "sub/", "", absolute.toString(), "Y"), folder);
        assertArrayEquals("A".getBytes(), Files.readAllBytes(folder.resolve("a.npy")));
        assertArrayEquals("B".getBytes(), Files.readAllBytes(folder.resolve("sub/b.npy")));
        assertFalse(Files.exists(dir.resolve("evil.npy")), "an entry leading outside the folder is skipped");
        assertFalse(Files.exists(absolute), "nor one with an absolute name");
        assertEquals(
                List.of("", "acts", "acts/a.npy", "acts/sub", "acts/sub/b.npy"),
                tree(dir),
                "and no temporary folder is left");
    }

    @Test
    void aFailureLeavesNoFolderAndNoTemporary(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("acts");
        byte[] cut = java.util.Arrays.copyOf(zip("a.npy", "A".repeat(5000), "b.npy", "B"), 60); // a truncated archive
        assertThrows(IOException.class, () -> ZipFolders.extract(cut, folder));
        assertEquals(List.of(""), tree(dir), "nothing appears");
    }
}
