package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words `bench` and `streams` code: raw files as they are, .npy files as their array's little-endian words. */
class InputWordsTest {

    @TempDir
    Path dir;

    private Path npy(String name, String descr, int... values) throws IOException {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
        byte[] h = NpyHeaders.header(
                1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + data.length / 2 + ",), }");
        byte[] all = java.util.Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, all, h.length, data.length);
        return Files.write(dir.resolve(name), all);
    }

    @Test
    void rawFilesAreTheirWordsWhole() throws IOException {
        Path raw = Files.write(dir.resolve("a.raw"), new byte[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, InputWords.load(raw, 16));
        IOException e = assertThrows(IOException.class, () -> InputWords.load(raw, 32));
        assertEquals(raw + ": 6 bytes is not a whole number of 32-bit words", e.getMessage());
    }

    @Test
    void npyFilesAreTheirArrayInLittleEndianWords() throws IOException {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, InputWords.load(npy("le.npy", "<i2", 1, 2, 3, 4), 16));
        assertArrayEquals(
                new byte[] {2, 1, 4, 3},
                InputWords.load(npy("be.npy", ">i2", 1, 2, 3, 4), 16),
                "big-endian elements come as their values");
    }

    @Test
    void anotherWidthOrABrokenHeaderIsOneLineNamingTheFile() throws IOException {
        Path f = npy("f.npy", "<f2", 1, 2);
        assertEquals(
                f + ": dtype float16 has 16-bit words; use --width 16",
                assertThrows(IOException.class, () -> InputWords.load(f, 8)).getMessage());
        assertEquals(
                f + ": dtype float16 has 16-bit words; pick another",
                assertThrows(IOException.class, () -> InputWords.load(f, 8, "pick another"))
                        .getMessage());
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(Files.readAllBytes(f), 40));
        assertEquals(
                cut + ": truncated .npy header",
                assertThrows(IOException.class, () -> InputWords.load(cut, 16)).getMessage());
    }
}
