package org.ebpc.io;

import static org.ebpc.io.NpyHeaders.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The .npy header as numpy writes it: format versions 1.0, 2.0 (4-byte header length, for
 * headers past 64 KB) and 3.0 (UTF-8), how each descr is coded and byte-swapped, and every way
 * a header can lie about its size or shape.
 */
class NpyTest {

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    @Test
    void everyFormatVersionNumpyWrites() throws IOException {
        for (int major = 1; major <= 3; major++) {
            byte[] h = header(major, dict("<i2", "(2, 3)"));
            assertEquals(h.length, Npy.headerLength(java.util.Arrays.copyOf(h, 12)), "version " + major);
            Npy.Header p = Npy.parseHeader(h, h.length + 12L);
            assertEquals(Npy.Dtype.INT16, p.dtype());
            assertArrayEquals(new long[] {2, 3}, p.shape());
            assertEquals(6, p.elements());
            assertEquals(12, p.dataBytes());
            assertEquals(h.length, p.dataOffset());
        }
        // Version 2.0 as numpy needs it: a header longer than a 2-byte length holds (many fields).
        StringBuilder fields = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            fields.append("('field").append(i).append("', '<f4'), ");
        }
        byte[] big = header(2, "{'descr': " + fields + "], 'fortran_order': False, 'shape': (4,), }");
        assertTrue(big.length > 65536);
        assertEquals(big.length, Npy.headerLength(java.util.Arrays.copyOf(big, 12)));
        assertEquals("structured", Npy.parseHeader(big, -1).descr());
        // Version 3.0: UTF-8 in the header (a field name).
        byte[] utf8 = header(3, "{'descr': [('größe', '<u1')], 'fortran_order': False, 'shape': (4,), }");
        assertEquals("structured", Npy.parseHeader(utf8, -1).descr());
    }

    @Test
    void headerLengthNeedsTheMagicAndTwelveBytes() {
        byte[] h = header(1, dict("|u1", "(5,)"));
        assertEquals(-1, Npy.headerLength(java.util.Arrays.copyOf(h, 11)));
        byte[] bad = java.util.Arrays.copyOf(h, 12);
        bad[1] = 'X';
        assertEquals(-1, Npy.headerLength(bad));
        assertFalse(Npy.isNpy(java.util.Arrays.copyOf(h, 5)), "shorter than the magic");
        assertTrue(Npy.isNpy(java.util.Arrays.copyOf(h, 6)));
        byte[] huge = header(2, dict("|u1", "(5,)"));
        huge[11] = 1; // 16 MB: more than any header parseHeader takes
        assertEquals(Integer.MAX_VALUE, Npy.headerLength(java.util.Arrays.copyOf(huge, 12)));
        IOException e = assertThrows(IOException.class, () -> Npy.parseHeader(huge, -1));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void descrsAndTheByteOrderToUndo() {
        record Case(char order, String code, Npy.Dtype words, int itemSize, int swap) {}
        Case[] cases = {
            new Case('<', "i1", Npy.Dtype.INT8, 1, 0),
            new Case('|', "b1", Npy.Dtype.UINT8, 1, 0),
            new Case('>', "i2", Npy.Dtype.INT16, 2, 2),
            new Case('<', "u2", Npy.Dtype.UINT16, 2, 0),
            new Case('>', "f2", Npy.Dtype.FLOAT16, 2, 2),
            new Case('>', "f4", Npy.Dtype.FLOAT32, 4, 4),
            new Case('>', "u1", Npy.Dtype.UINT8, 1, 0), // one byte has no order
            new Case('<', "i8", Npy.Dtype.UINT32, 8, 0),
            new Case('>', "i8", Npy.Dtype.UINT32, 8, 8),
            new Case('>', "f8", Npy.Dtype.UINT32, 8, 8),
            new Case('>', "M8", Npy.Dtype.UINT32, 8, 8),
            new Case('<', "c8", Npy.Dtype.FLOAT32, 8, 0),
            new Case('>', "c8", Npy.Dtype.FLOAT32, 8, 4),
            new Case('<', "c16", Npy.Dtype.UINT32, 16, 0),
            new Case('>', "c16", Npy.Dtype.UINT32, 16, 8),
            new Case('<', "c32", Npy.Dtype.UINT8, 32, 0),
            new Case('<', "U3", Npy.Dtype.UINT32, 12, 0),
            new Case('>', "U3", Npy.Dtype.UINT32, 12, 4),
            new Case('|', "S5", Npy.Dtype.UINT8, 5, 0),
            new Case('|', "V7", Npy.Dtype.UINT8, 7, 0),
            new Case('<', "i16", Npy.Dtype.UINT8, 16, 0),
            new Case('<', "O", Npy.Dtype.UINT8, -1, 0),
            new Case('<', "x4", Npy.Dtype.UINT8, -1, 0),
        };
        for (Case c : cases) {
            assertEquals(
                    new Npy.Coding(c.words(), c.itemSize(), c.swap()),
                    Npy.codingOf(c.order(), c.code()),
                    c.order() + c.code());
        }
    }

    @Test
    void headersThatLieAreRefusedWithWhatIsWrong() {
        String[][] lies = {
            {dict("<i2", "(2, 3)"), "13", "truncated .npy data: shape needs"}, // file too short for the data
            {dict("<i2", "(2, 3)"), "11", "bytes after the array data"},
            {dict("<i2", "(2, -3)"), "-1", "negative dimension"},
            {dict("<i2", "(2, x)"), "-1", "bad dimension"},
            {dict("<i2", "(4294967296, 4294967296)"), "-1", "too large"},
            {dict("<i2", "(4611686018427387904,)"), "-1", "too large"}, // elements fit, bytes do not
            {"{'fortran_order': False, 'shape': (2,), }", "-1", "no 'descr'"},
            {"{'descr': '<i2', 'shape': (2,), }", "-1", "no 'fortran_order'"},
            {"{'descr': '<i2', 'fortran_order': False, }", "-1", "no 'shape'"},
        };
        for (String[] lie : lies) {
            byte[] h = header(1, lie[0]);
            long size = lie[1].equals("-1") ? -1 : h.length + 12 + (lie[1].equals("13") ? -1 : 1);
            IOException e = assertThrows(IOException.class, () -> Npy.parseHeader(h, size), lie[0]);
            assertTrue(e.getMessage().contains(lie[2]), lie[0] + ": " + e.getMessage());
        }
        byte[] v4 = header(1, dict("<i2", "(2,)"));
        v4[6] = 4;
        assertTrue(assertThrows(IOException.class, () -> Npy.parseHeader(v4, -1))
                .getMessage()
                .contains("version 4"));
        byte[] cut = java.util.Arrays.copyOf(header(1, dict("<i2", "(2,)")), 40);
        assertTrue(assertThrows(IOException.class, () -> Npy.parseHeader(cut, -1))
                .getMessage()
                .contains("truncated"));
        byte[] shortFile = header(1, dict("<i2", "(2,)"));
        assertTrue(assertThrows(IOException.class, () -> Npy.parseHeader(shortFile, shortFile.length - 1))
                .getMessage()
                .contains("truncated"));
        byte[] v2cut = java.util.Arrays.copyOf(header(2, dict("<i2", "(2,)")), 11);
        assertTrue(assertThrows(IOException.class, () -> Npy.parseHeader(v2cut, -1))
                .getMessage()
                .contains("truncated"));
        assertTrue(assertThrows(IOException.class, () -> Npy.parseHeader(new byte[] {1, 2, 3}, -1))
                .getMessage()
                .contains("bad magic"));
    }

    private static byte[] prefix(int major, int... lengthBytes) {
        byte[] b = new byte[major == 1 ? 10 : 12];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0};
        System.arraycopy(magic, 0, b, 0, 8);
        for (int i = 0; i < lengthBytes.length; i++) {
            b[8 + i] = (byte) lengthBytes[i];
        }
        return b;
    }

    private static String message(byte[] prefix, long fileSize) {
        return assertThrows(IOException.class, () -> Npy.parseHeader(prefix, fileSize))
                .getMessage();
    }

    @Test
    void headerLengthsUseEveryByteUpToTheLimit() throws IOException {
        assertEquals(10 + 0x176, Npy.headerLength(java.util.Arrays.copyOf(prefix(1, 0x76, 0x01), 12)));
        assertEquals(12 + 0x030201, Npy.headerLength(prefix(2, 0x01, 0x02, 0x03, 0)));
        assertEquals(12 + (1 << 20), Npy.headerLength(prefix(2, 0, 0, 0x10, 0)), "exactly the largest header");
        assertEquals(Integer.MAX_VALUE, Npy.headerLength(prefix(2, 1, 0, 0x10, 0)));
        // A version 1.0 header longer than 255 bytes (both length bytes in use) parses.
        byte[] h = header(
                1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), 'pad': '" + "x".repeat(300) + "', }");
        assertEquals(h.length, 10 + ((h[8] & 0xFF) | (h[9] & 0xFF) << 8));
        assertTrue((h[8] & 0xFF) != 0 && h[9] != 0);
        assertEquals(h.length, Npy.parseHeader(h, h.length + 3L).dataOffset());
    }

    @Test
    void theShortestHeadersAreReadToTheirEnd() throws IOException {
        assertEquals(
                ".npy header has no 'descr'", message(prefix(1, 0, 0), 10), "version 1.0: 10 bytes, an empty dict");
        assertEquals(".npy header has no 'descr'", message(prefix(2, 0, 0, 0, 0), 12), "version 2.0: 12 bytes");
        assertEquals("truncated .npy header", message(java.util.Arrays.copyOf(prefix(2, 0, 0, 0, 0), 11), 11));
        assertEquals(
                "truncated .npy header", message(prefix(2, 0, 0, 0x10, 0), -1), "the largest header, not all here");
        assertEquals(".npy header of 1048577 bytes is too large", message(prefix(2, 1, 0, 0x10, 0), -1));
        byte[] empty = header(1, dict("<i2", "(0,)"));
        Npy.Header e = Npy.parseHeader(empty, empty.length);
        assertEquals(0, e.dataBytes(), "a header that ends exactly where the prefix and the file do");
        assertEquals("truncated .npy header", message(empty, empty.length - 1));
        assertEquals("truncated .npy header", message(empty, 0), "an empty file");
    }

    @Test
    void shapesAndSizesSayWhatIsWrongInNumbers() throws IOException {
        byte[] h = header(1, dict("<i2", "(3L, 4L)")); // Python 2's long dimensions
        assertArrayEquals(new long[] {3, 4}, Npy.parseHeader(h, h.length + 24L).shape());
        assertEquals(
                "truncated .npy data: shape needs " + (h.length + 24) + " bytes, file has " + (h.length + 20),
                message(h, h.length + 20L));
        assertEquals(".npy file has 5 bytes after the array data", message(h, h.length + 29L));
        // Version 3.0 decodes its header as UTF-8: a bad dimension is named as it was written.
        byte[] v3 = header(3, dict("<i2", "(\u00e9,)"));
        assertEquals(".npy shape has a bad dimension '\u00e9'", message(v3, -1));
    }
}
