package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipOutputStream;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.ebpc.io.TensorFiles;
import org.ebpc.kernel.Kernels;
import org.junit.jupiter.api.Test;

/**
 * What the container codec promises besides the bytes: progress for every byte, its results'
 * counts, every byte handed on before it returns, concatenated containers, and .npy shapes that
 * must match the words on both sides.
 */
class ContainerCodecTest {

    private static final ContainerCodec CODEC = new ContainerCodec(Kernels.preferred(), 2);

    private static byte[] npy(int words) {
        String dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (" + words + ",), }";
        byte[] h = org.ebpc.io.NpyHeaders.header(1, dict); // 128 bytes
        byte[] all = Arrays.copyOf(h, h.length + words);
        for (int i = h.length; i < all.length; i++) {
            all[i] = (byte) (i % 7 == 0 ? 0 : i * 31);
        }
        return all;
    }

    private static Container.Header header(byte[] npy, int chunkWords, int sliceWords) throws IOException {
        int at = Npy.headerLength(Arrays.copyOf(npy, 12));
        return new Container.Header(
                        EbpcParams.DEFAULT, Container.Kind.NPY, Npy.Dtype.INT8, chunkWords, Arrays.copyOf(npy, at))
                .withSliceWords(sliceWords);
    }

    private static byte[] compress(byte[] npy, Container.Header h, long[] progress) throws IOException {
        int at = h.prefix().length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CODEC.compress(new ByteArrayInputStream(npy, at, npy.length - at), out, h, n -> progress[0] += n);
        return out.toByteArray();
    }

    /** Bytes of the index and trailer after {@code chunks} chunks. */
    private static int indexBytes(int chunks) {
        return 8 + 12 * chunks + 12 + 16;
    }

    @Test
    void progressCountsEveryWordInAndEveryChunkByteOut() throws IOException {
        byte[] file = npy(5 * 4096 + 17);
        for (int chunkWords : new int[] {4096, 1 << 20}) { // many chunks read ahead; one, on the caller's thread
            for (int slice : new int[] {0, 1 << 10}) {
                Container.Header h = header(file, chunkWords, slice);
                long[] in = {0};
                byte[] c = compress(file, h, in);
                assertEquals(file.length - h.prefix().length, in[0], "compress: every word once");
                long[] out = {0};
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                ContainerCodec.Result r = CODEC.decompress(new ByteArrayInputStream(c), back, n -> out[0] += n);
                assertArrayEquals(file, back.toByteArray());
                int chunks = chunkWords == 4096 ? 6 : 1;
                assertEquals(chunks, r.chunks());
                assertEquals(file.length, r.originalBytes());
                assertEquals(5 * 4096 + 17, r.words());
                assertEquals(
                        c.length - h.toBytes().length - indexBytes(chunks),
                        out[0],
                        "decompress: every byte of every chunk once");
            }
        }
    }

    @Test
    void everyByteIsHandedOnBeforeCompressReturns() throws IOException {
        byte[] file = npy(3 * 4096);
        Container.Header h = header(file, 4096, 0);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 20);
        ContainerCodec.Result r =
                CODEC.compress(new ByteArrayInputStream(file, h.prefix().length, 3 * 4096), buffered, h, n -> {});
        assertEquals(3, r.chunks(), "a whole number of chunks: no empty one after them");
        assertArrayEquals(file, decompress(sink.toByteArray()), "flushed, not left in the caller's buffer");
    }

    private static byte[] decompress(byte[] c) throws IOException {
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        CODEC.decompress(new ByteArrayInputStream(c), back, n -> {});
        return back.toByteArray();
    }

    @Test
    void concatenatedContainersDecodeOneAfterTheOther() throws IOException {
        byte[] a = npy(5000);
        byte[] b = npy(9000);
        byte[] ca = compress(a, header(a, 4096, 1 << 10), new long[1]);
        byte[] cb = compress(b, header(b, 4096, 0), new long[1]);
        byte[] both = Arrays.copyOf(ca, ca.length + cb.length);
        System.arraycopy(cb, 0, both, ca.length, cb.length);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ContainerCodec.Result r = CODEC.decompress(new ByteArrayInputStream(both), back, n -> {});
        byte[] want = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, want, a.length, b.length);
        assertArrayEquals(want, back.toByteArray());
        assertEquals(14000, r.words());
        assertEquals(2 + 3, r.chunks());
        assertEquals(a.length + b.length, r.originalBytes());
        byte[] junk = Arrays.copyOf(ca, ca.length + 8);
        System.arraycopy("EBPCJUNK".getBytes(StandardCharsets.US_ASCII), 0, junk, ca.length, 8);
        assertEquals(
                "bytes after the end of the container",
                assertThrows(CorruptContainerException.class, () -> decompress(junk))
                        .getMessage());
    }

    @Test
    void anNpyShapeThatDoesNotMatchTheWordsIsRefusedBothWays() throws IOException {
        byte[] file = npy(100);
        Container.Header h = header(file, 4096, 0);
        byte[] shorter = Arrays.copyOf(file, file.length - 1); // one word less than the shape says
        CorruptContainerException e = assertThrows(
                CorruptContainerException.class,
                () -> CODEC.compress(
                        new ByteArrayInputStream(shorter, h.prefix().length, 99),
                        new ByteArrayOutputStream(),
                        h,
                        n -> {}));
        assertEquals("the .npy header's shape does not match the 99 words stored", e.getMessage());

        byte[] c = compress(file, h, new long[1]);
        String text = new String(c, 0, h.prefix().length + 28, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("(100,)");
        c[at + 3] = '1'; // (101,)
        int headerBytes = h.toBytes().length;
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(headerBytes - 4, Container.crc(c, 0, headerBytes - 4));
        assertEquals(
                "the .npy header's shape does not match the 100 words stored",
                assertThrows(CorruptContainerException.class, () -> decompress(c))
                        .getMessage());
        assertEquals(
                "the .npy header's shape does not match the 100 words stored",
                assertThrows(CorruptContainerException.class, () -> CODEC.list(new ByteArrayInputStream(c)))
                        .getMessage(),
                "a listing checks it too");
    }

    @Test
    void anArchiveComesBackWholeWithItsSize() throws IOException {
        byte[] a = npy(2 * 4096); // exactly two chunks
        byte[] file = storedNpz(a);
        List<TensorFiles.Region> regions = TensorFiles.codedRegions(file, "x.npz");
        assertEquals(1, regions.size());
        Container.Header h =
                new Container.Header(EbpcParams.DEFAULT, Container.Kind.ARCHIVE, Npy.Dtype.UINT8, 4096, new byte[0]);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 20);
        long[] progress = {0};
        ContainerCodec.Result w = CODEC.compressArchive(file, regions, buffered, h, n -> progress[0] += n);
        assertEquals(2, w.chunks(), "a whole number of chunks: no empty one after them");
        assertEquals(regions.get(0).length(), progress[0], "progress: every coded byte once");
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        ContainerCodec.Result r = CODEC.decompress(new ByteArrayInputStream(sink.toByteArray()), back, n -> {});
        assertArrayEquals(file, back.toByteArray());
        assertEquals(file.length, r.originalBytes());
        assertEquals(2, r.chunks());
        ContainerCodec.Result listed = CODEC.list(new ByteArrayInputStream(sink.toByteArray()));
        assertEquals(file.length, listed.originalBytes());
        assertEquals(zeroBytes(a, 128), listed.zeros(), "the coded array's zeros");
        assertEquals(2 * 4096, listed.words());
    }

    /** Raw int16 words in slices of 256. */
    private static final Container.Header INT16_SLICES = new Container.Header(
                    new EbpcParams(16, 8, 16), Container.Kind.RAW, Npy.Dtype.INT16, 1 << 16, new byte[0])
            .withSliceWords(256);

    private static byte[] int16Slices(long seed) {
        java.util.Random r = new java.util.Random(seed);
        ByteBuffer b = ByteBuffer.allocate(2 * (3 * 256 + 40)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 3 * 256 + 40; i++) {
            boolean noise = i >= 256 && i < 512; // slice 1: random words, stored raw
            int v = noise ? (i % 5 == 0 ? 0 : r.nextInt()) : (i % 3 == 0 ? r.nextInt(64) : 0);
            b.putShort((short) v);
        }
        return b.array();
    }

    private static long zeroWords(byte[] le16) {
        long zeros = 0;
        for (int i = 0; i < le16.length; i += 2) {
            zeros += le16[i] == 0 && le16[i + 1] == 0 ? 1 : 0;
        }
        return zeros;
    }

    @Test
    void int16RawSlicesSitBetweenCodedOnesAndAreListed() throws IOException {
        byte[] data = int16Slices(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                256,
                CODEC.compress(new ByteArrayInputStream(data), out, INT16_SLICES, n -> {})
                        .rawWords());
        byte[] c = out.toByteArray();
        int chunk = INT16_SLICES.toBytes().length;
        ByteBuffer head = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, head.getInt(chunk + 12 + 8), "slice 1 stored raw");
        assertEquals(512, head.getInt(chunk + 16 + 8), "its 256 words of 2 bytes");
        assertTrue(head.getInt(chunk + 12) > 0 && head.getInt(chunk + 12 + 16) > 0, "slices 0 and 2 coded");
        assertArrayEquals(data, decompress(c));
        ContainerCodec.Result listed = CODEC.list(new ByteArrayInputStream(c));
        assertEquals(zeroWords(data), listed.zeros(), "zeros of coded and raw slices");
        assertEquals(data.length, listed.originalBytes());
        assertEquals(data.length / 2, listed.words());
    }

    @Test
    void aDamagedSliceIsNamedByItsIndex() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CODEC.compress(new ByteArrayInputStream(int16Slices(8)), out, INT16_SLICES, n -> {});
        byte[] c = out.toByteArray();
        int chunk = INT16_SLICES.toBytes().length;
        ByteBuffer head = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        int slices = 4;
        int at = chunk + 12 + 8 * slices + 4; // slice 0's ZNZ stream
        at += head.getInt(chunk + 12) + head.getInt(chunk + 16) + head.getInt(chunk + 20) + head.getInt(chunk + 24);
        Arrays.fill(c, at, at + head.getInt(chunk + 28), (byte) 0xFF); // slice 2's ZNZ stream: all ones
        String m = assertThrows(CorruptContainerException.class, () -> decompress(c))
                .getMessage();
        assertTrue(m.startsWith("chunk 0, slice 2: corrupt "), m);
    }

    @Test
    void aListingCountsWhatDecodingWouldGive() throws IOException {
        byte[] file = npy(3 * 4096 + 5);
        for (int slice : new int[] {0, 1 << 10}) {
            byte[] c = compress(file, header(file, 4096, slice), new long[1]);
            ContainerCodec.Result listed = CODEC.list(new ByteArrayInputStream(c));
            assertEquals(file.length, listed.originalBytes());
            assertEquals(zeroBytes(file, 128), listed.zeros(), "slices " + slice);
            assertEquals(4, listed.chunks());
        }
        byte[] v1 = compress(file, header(file, 4096, 0), new long[1]);
        int chunk1 = header(file, 4096, 0).toBytes().length; // the first chunk: its ZNZ stream cut to one byte
        ByteBuffer head = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
        int znz = head.getInt(chunk1 + 8);
        head.putInt(chunk1 + 8, 1).putInt(chunk1 + 12, head.getInt(chunk1 + 12) + znz - 1);
        String m = assertThrows(CorruptContainerException.class, () -> CODEC.list(new ByteArrayInputStream(v1)))
                .getMessage();
        assertTrue(m.startsWith("chunk 0: corrupt "), m);
    }

    private static long zeroBytes(byte[] b, int from) {
        long zeros = 0;
        for (int i = from; i < b.length; i++) {
            zeros += b[i] == 0 ? 1 : 0;
        }
        return zeros;
    }

    @Test
    void aChunkMayNotRunPastItsArraysWords() throws IOException {
        byte[] a = npy(2 * 4096);
        byte[] file = storedNpz(a);
        for (int slice : new int[] {0, 1 << 10}) {
            Container.Header h = new Container.Header(
                            EbpcParams.DEFAULT, Container.Kind.ARCHIVE, Npy.Dtype.UINT8, 4096, new byte[0])
                    .withSliceWords(slice);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CODEC.compressArchive(file, TensorFiles.codedRegions(file, "x.npz"), out, h, n -> {});
            byte[] c = out.toByteArray();
            byte[] codedHead = {0x45, 0x42, 0x53, 0x47, 1}; // "EBSG", coded
            int at = SlicedContainerTest.indexOf(c, codedHead, 0);
            ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(at + 6, 2 * 4096 - 1); // a word fewer
            assertEquals(
                    "chunk 1 runs past the end of its segment",
                    assertThrows(CorruptContainerException.class, () -> decompress(c))
                            .getMessage(),
                    "slices " + slice);
        }
    }

    @Test
    void inputEndingInsideAWordIsRefusedInAnyChunk() {
        Container.Header h =
                new Container.Header(new EbpcParams(16, 8, 16), Container.Kind.RAW, Npy.Dtype.INT16, 1024, new byte[0]);
        for (int bytes : new int[] {2 * 1024 * 3 + 1, 101}) { // in a later chunk (read ahead); in the only one
            IOException e = assertThrows(
                    IOException.class,
                    () -> CODEC.compress(
                            new ByteArrayInputStream(new byte[bytes]), new ByteArrayOutputStream(), h, n -> {}));
            assertEquals("input ends inside a word: 1 byte left over after the last whole 16-bit word", e.getMessage());
        }
    }

    @Test
    void anEmptyShapeHoldsNoWords() throws IOException {
        byte[] file = npy(0);
        Container.Header h = header(file, 4096, 0);
        CorruptContainerException e = assertThrows(
                CorruptContainerException.class,
                () -> CODEC.compress(new ByteArrayInputStream(new byte[5]), new ByteArrayOutputStream(), h, n -> {}));
        assertEquals("the .npy header's shape does not match the 5 words stored", e.getMessage());
        assertArrayEquals(file, decompress(compress(file, h, new long[1])), "and none is fine");
    }

    @Test
    void aSliceWhoseStreamsAreExactlyItsSizeIsCoded() throws IOException {
        java.util.Random r = new java.util.Random(141); // found by search: streams of exactly 256 bytes
        byte[] w = new byte[256];
        for (int i = 0; i < 256; i++) {
            w[i] = r.nextInt(100) < 80 ? (byte) (r.nextInt(32) - 16) : 0;
        }
        org.ebpc.EncodedStreams bare = new org.ebpc.EbpcEncoder(EbpcParams.DEFAULT).encode(w);
        assertEquals(256, bare.znz().length + bare.bpc().length, "the case this test is about");
        Container.Header h = new Container.Header(
                        EbpcParams.DEFAULT, Container.Kind.RAW, Npy.Dtype.INT8, 4096, new byte[0])
                .withSliceWords(256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0, CODEC.compress(new ByteArrayInputStream(w), out, h, n -> {}).rawWords(), "raw only when larger");
        ByteBuffer head = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(bare.znz().length, head.getInt(h.toBytes().length + 12));
    }
    /** An .npz as np.savez writes it: one array, stored. */
    private static byte[] storedNpz(byte[] npy) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            org.ebpc.cli.Archives.putStored(z, "a.npy", npy);
        }
        return zip.toByteArray();
    }
}
