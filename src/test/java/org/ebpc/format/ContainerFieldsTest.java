package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.junit.jupiter.api.Test;

/**
 * Every field of the container's header, chunk heads, index and trailer at the edges of what
 * it may hold: the last value allowed is read, the first one past it refused with its message.
 */
class ContainerFieldsTest {

    private static final EbpcParams W8 = EbpcParams.DEFAULT;
    private static final EbpcParams W16 = new EbpcParams(16, 8, 16);

    /** The most bytes a stream of {@code bits} may take, in whole words of {@code p}. */
    private static long maxBytes(EbpcParams p, long bits) {
        return (bits + p.wordWidth() - 1) / p.wordWidth() * p.bytesPerWord();
    }

    private static byte[] chunkHead(int words, long znz, long bpc) {
        return new Container.ChunkHeader(words, (int) znz, (int) bpc, 0).toBytes();
    }

    @Test
    void versionOneChunkHeadsAreBoundedByTheirWords() throws IOException {
        int chunkWords = 1000;
        for (EbpcParams p : new EbpcParams[] {W8, W16}) {
            int unit = p.bytesPerWord();
            for (int words : new int[] {1, 37, chunkWords}) {
                long znz = maxBytes(p, p.maxZnzBits(words));
                long bpc = maxBytes(p, p.maxBpcBits(words));
                Container.ChunkHeader h = Container.ChunkHeader.parse(chunkHead(words, znz, bpc), p, chunkWords, 3);
                assertEquals(znz, h.znzBytes(), "the largest streams " + words + " words can take");
                assertEquals(bpc, h.bpcBytes());
                Container.ChunkHeader.parse(chunkHead(words, unit, 0), p, chunkWords, 3); // all zeros: no BPC bytes
                // (stream sizes that are not whole words only where a word is more than a byte)
                long[][] cases = {{znz + unit, bpc}, {znz, bpc + unit}, {unit, -unit}, {0, 0}, {znz - unit + 1, bpc}};
                for (long[] bad : Arrays.copyOf(cases, unit > 1 ? 5 : 4)) {
                    String m = assertThrows(
                                    CorruptContainerException.class,
                                    () -> Container.ChunkHeader.parse(
                                            chunkHead(words, bad[0], bad[1]), p, chunkWords, 3))
                            .getMessage();
                    assertTrue(m.startsWith("chunk 3: stream sizes "), m);
                }
            }
            for (int words : new int[] {0, chunkWords + 1, -1}) {
                String m = assertThrows(
                                CorruptContainerException.class,
                                () -> Container.ChunkHeader.parse(chunkHead(words, unit, 0), p, chunkWords, 3))
                        .getMessage();
                assertEquals("chunk 3: word count " + Integer.toUnsignedString(words) + " outside 1..1000", m);
            }
        }
    }

    private static Container.SlicedChunkHeader slicedHead(EbpcParams p, int words, int sliceWords, int[] znz, int[] bpc)
            throws IOException {
        byte[] all = new Container.SlicedChunkHeader(words, 0, znz, bpc).toBytes();
        return Container.SlicedChunkHeader.read(
                new ByteArrayInputStream(all, 4, all.length - 4), Container.CHUNK_MAGIC, p, 1 << 20, sliceWords, 5);
    }

    @Test
    void versionTwoSliceLengthsAreBoundedByTheirSlicesWords() throws IOException {
        int sliceWords = 256;
        int words = 2 * sliceWords + 5; // the last slice: 5 words
        for (EbpcParams p : new EbpcParams[] {W8, W16}) {
            int unit = p.bytesPerWord();
            int[] n = {sliceWords, sliceWords, 5};
            int[] znz = new int[3];
            int[] bpc = new int[3];
            for (int i = 0; i < 3; i++) {
                znz[i] = (int) maxBytes(p, p.maxZnzBits(n[i]));
                bpc[i] = (int) maxBytes(p, p.maxBpcBits(n[i]));
            }
            Container.SlicedChunkHeader h = slicedHead(p, words, sliceWords, znz, bpc);
            assertArrayEquals(znz, h.znzBytes());
            assertArrayEquals(bpc, h.bpcBytes());
            // A raw slice (no ZNZ bytes) holds exactly its words; a coded one may have no BPC bytes.
            slicedHead(p, words, sliceWords, new int[] {0, unit, 0}, new int[] {sliceWords * unit, 0, 5 * unit});
            int[][][] bad = {
                {{znz[0], znz[1], znz[2] + unit}, bpc},
                {znz, {bpc[0], bpc[1] + unit, bpc[2]}},
                {{0, znz[1], znz[2]}, {sliceWords * unit - unit, bpc[1], bpc[2]}},
                {{0, znz[1], znz[2]}, {sliceWords * unit + unit, bpc[1], bpc[2]}},
                {{-unit, znz[1], znz[2]}, bpc},
                {{znz[0], znz[1], znz[2]}, {bpc[0], bpc[1], -unit}},
            };
            if (unit > 1) { // not whole words
                bad = Arrays.copyOf(bad, bad.length + 1);
                bad[bad.length - 1] = new int[][] {{znz[0], znz[1], znz[2] - 1}, bpc};
            }
            for (int[][] b : bad) {
                String m = assertThrows(
                                CorruptContainerException.class, () -> slicedHead(p, words, sliceWords, b[0], b[1]))
                        .getMessage();
                assertTrue(m.matches("chunk 5, slice \\d: stream sizes .*"), m);
            }
        }
    }

    /** The header's bytes with its CRC made to match them again. */
    private static byte[] sealed(byte[] header) {
        ByteBuffer.wrap(header)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(header.length - 4, Container.crc(header, 0, header.length - 4));
        return header;
    }

    private static Container.Header read(byte[] header) throws IOException {
        return Container.Header.read(new ByteArrayInputStream(header));
    }

    private static String refused(byte[] header) {
        return assertThrows(CorruptContainerException.class, () -> read(header)).getMessage();
    }

    private static byte[] quantized(double scale) {
        return new Container.Header(
                        W8,
                        Container.Kind.RAW,
                        Npy.Dtype.INT8,
                        1 << 16,
                        new byte[0],
                        false,
                        new Container.Quantization(Npy.Dtype.FLOAT16, scale),
                        0)
                .toBytes();
    }

    @Test
    void headerFieldsAtTheirLimits() throws IOException {
        byte[] archive =
                new Container.Header(W8, Container.Kind.ARCHIVE, Npy.Dtype.INT8, 1 << 16, new byte[0]).toBytes();
        assertEquals(Container.Kind.ARCHIVE, read(archive).kind(), "the last kind");
        archive[13] = 3;
        assertEquals("bad header fields (kind 3, dtype 1, flags 0)", refused(archive));
        byte[] f32 = new Container.Header(
                        new EbpcParams(32, 8, 16), Container.Kind.RAW, Npy.Dtype.FLOAT32, 1 << 16, new byte[0])
                .toBytes();
        assertEquals(Npy.Dtype.FLOAT32, read(f32).dtype(), "the last dtype");
        f32[14]++;
        assertEquals("bad header fields (kind 0, dtype 10, flags 0)", refused(f32));
        f32[14] = 0;
        assertEquals("bad header fields (kind 0, dtype 0, flags 0)", refused(f32));

        byte[] most = new byte[Container.MAX_PREFIX];
        assertEquals(
                Container.MAX_PREFIX,
                read(new Container.Header(W8, Container.Kind.RAW, Npy.Dtype.INT8, 1 << 16, most).toBytes())
                        .prefix()
                        .length);
        assertThrows(
                IllegalArgumentException.class,
                () -> new Container.Header(
                        W8, Container.Kind.RAW, Npy.Dtype.INT8, 1 << 16, new byte[Container.MAX_PREFIX + 1]));
        byte[] longPrefix =
                new Container.Header(W8, Container.Kind.RAW, Npy.Dtype.INT8, 1 << 16, new byte[0]).toBytes();
        ByteBuffer.wrap(longPrefix).order(ByteOrder.LITTLE_ENDIAN).putInt(24, Container.MAX_PREFIX + 1);
        assertEquals("bad prefix length " + (Container.MAX_PREFIX + 1) + " in header", refused(longPrefix));
    }

    @Test
    void quantizationFieldsAreCheckedAfterTheChecksum() throws IOException {
        assertEquals(
                Double.MIN_VALUE,
                read(quantized(Double.MIN_VALUE)).quantization().scale(),
                "the smallest scale");
        int originalAt = 24; // after the fixed fields and an empty prefix
        for (double bad : new double[] {0, -1, Double.POSITIVE_INFINITY, Double.NaN}) {
            byte[] h = quantized(1);
            ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putDouble(originalAt + 4, bad);
            assertEquals("bad quantization fields in header", refused(sealed(h)), "scale " + bad);
        }
        for (int original : new int[] {0, Container.dtypeCode(Npy.Dtype.INT8), 10, 255}) {
            byte[] h = quantized(1);
            h[originalAt] = (byte) original;
            assertEquals("bad quantization fields in header", refused(sealed(h)), "original dtype " + original);
        }
        byte[] f32 = quantized(1);
        f32[originalAt] = (byte) Container.dtypeCode(Npy.Dtype.FLOAT32);
        assertEquals(Npy.Dtype.FLOAT32, read(sealed(f32)).quantization().original(), "the last dtype, a float");
    }

    @Test
    void dtypeCodesRunFromOneToTheLast() throws CorruptContainerException {
        assertEquals(Npy.Dtype.INT8, Container.dtypeOf(1));
        assertEquals(Npy.Dtype.FLOAT32, Container.dtypeOf(Container.dtypeCode(Npy.Dtype.FLOAT32)));
        for (int bad : new int[] {0, Container.dtypeCode(Npy.Dtype.FLOAT32) + 1, -1}) {
            assertEquals(
                    "bad dtype code " + bad,
                    assertThrows(CorruptContainerException.class, () -> Container.dtypeOf(bad))
                            .getMessage());
        }
    }

    /** The index and trailer Container.index writes, after the index magic (which the reader has taken). */
    private static CountingInput index(long[] offsets, int[] words, long total, long indexOffset) {
        byte[] all = Container.index(offsets, words, offsets.length, total, indexOffset);
        return new CountingInput(new ByteArrayInputStream(Arrays.copyOfRange(all, 4, all.length)));
    }

    @Test
    void theIndexAndTrailerMustAgreeWithTheChunks() throws IOException {
        ChunkIndex seen = new ChunkIndex();
        seen.record(40, 100);
        seen.record(300, 7);
        long[] offsets = {40, 300};
        int[] words = {100, 7};
        Container.checkIndex(index(offsets, words, 107, 900), 900, seen);

        String total = assertThrows(
                        CorruptContainerException.class,
                        () -> Container.checkIndex(index(offsets, words, 108, 900), 900, seen))
                .getMessage();
        assertEquals("index word total disagrees with the chunks", total);
        String entry = assertThrows(
                        CorruptContainerException.class,
                        () -> Container.checkIndex(index(offsets, new int[] {100, 8}, 107, 900), 900, seen))
                .getMessage();
        assertEquals("index entry 1 disagrees with the chunk", entry);
        String trailer = assertThrows(
                        CorruptContainerException.class,
                        () -> Container.checkIndex(index(offsets, words, 107, 901), 900, seen))
                .getMessage();
        assertEquals("bad trailer", trailer);

        byte[] all = Container.index(offsets, words, 2, 107, 900);
        for (int at : new int[] {10, all.length - 20, all.length - 1}) { // an entry, the CRC, the end magic
            byte[] bad = all.clone();
            bad[at] ^= 1;
            String m = assertThrows(
                            CorruptContainerException.class,
                            () -> Container.checkIndex(
                                    new CountingInput(new ByteArrayInputStream(Arrays.copyOfRange(bad, 4, bad.length))),
                                    900,
                                    seen))
                    .getMessage();
            assertEquals(at == all.length - 1 ? "bad trailer" : "index checksum mismatch", m, "byte " + at);
        }
    }

    @Test
    void theLastSlicesLargestStreamsForEverySize() throws IOException {
        for (EbpcParams p : new EbpcParams[] {W8, W16}) {
            for (int l = 1; l <= 64; l++) { // the padding to whole words at every remainder
                int last = l;
                int[] znz = {(int) maxBytes(p, p.maxZnzBits(256)), (int) maxBytes(p, p.maxZnzBits(last))};
                int[] bpc = {(int) maxBytes(p, p.maxBpcBits(256)), (int) maxBytes(p, p.maxBpcBits(last))};
                assertArrayEquals(znz, slicedHead(p, 256 + last, 256, znz, bpc).znzBytes());
                int[] over = {znz[0], znz[1] + p.bytesPerWord()};
                assertThrows(CorruptContainerException.class, () -> slicedHead(p, 256 + last, 256, over, bpc));
            }
        }
    }
}
