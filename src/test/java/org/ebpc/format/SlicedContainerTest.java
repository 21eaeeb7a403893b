package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernels;
import org.junit.jupiter.api.Test;

/** Container format version 2 (slices, raw slices) and version 1, pinned by committed files. */
class SlicedContainerTest {

    static final Path TRACES = Path.of("src/test/resources/traces/mobilenetv2-astronaut");
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    /** The .npy the fixture containers hold, coded in chunks of 2^16 words (three chunks). */
    static final String FIXTURE_SOURCE = "011_block_4_depthwise_relu.i8.npy";

    static final int FIXTURE_CHUNK_WORDS = 1 << 16;

    static byte[] trace(String name) throws IOException {
        return Files.readAllBytes(TRACES.resolve(name));
    }

    /** The container ebpc writes for a .npy file, with the given chunk and slice sizes (0: version 1). */
    static byte[] compressNpy(byte[] file, int chunkWords, int sliceWords) throws IOException {
        Npy.Header npy = Npy.parseHeader(Arrays.copyOf(file, Npy.headerLength(Arrays.copyOf(file, 12))), file.length);
        EbpcParams p = new EbpcParams(npy.dtype().wordWidth(), 8, 16);
        Container.Header h = new Container.Header(p, Container.Kind.NPY, npy.dtype(), chunkWords, npy.raw())
                .withSliceWords(sliceWords);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerCodec(Kernels.preferred(), 2)
                .compress(
                        new ByteArrayInputStream(file, npy.dataOffset(), file.length - npy.dataOffset()),
                        out,
                        h,
                        n -> {});
        return out.toByteArray();
    }

    static byte[] decompress(byte[] container) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerCodec(Kernels.preferred(), 2).decompress(new ByteArrayInputStream(container), out, n -> {});
        return out.toByteArray();
    }

    static String failure(byte[] container) {
        return assertThrows(CorruptContainerException.class, () -> decompress(container))
                .getMessage();
    }

    @Test
    void committedVersion1And2FilesDecodeToTheirOriginal() throws IOException {
        byte[] original = trace(FIXTURE_SOURCE);
        for (String name : new String[] {"v1-" + FIXTURE_SOURCE + ".ebpc", "v2-" + FIXTURE_SOURCE + ".ebpc"}) {
            byte[] fixture = Files.readAllBytes(FIXTURES.resolve(name));
            assertArrayEquals(original, decompress(fixture), name);
        }
        assertEquals(1, Files.readAllBytes(FIXTURES.resolve("v1-" + FIXTURE_SOURCE + ".ebpc"))[8]);
        assertEquals(2, Files.readAllBytes(FIXTURES.resolve("v2-" + FIXTURE_SOURCE + ".ebpc"))[8]);
    }

    @Test
    void theWriterStillWritesTheCommittedBytes() throws IOException {
        // The format is pinned: today's writer gives the committed files byte for byte.
        byte[] original = trace(FIXTURE_SOURCE);
        assertArrayEquals(
                Files.readAllBytes(FIXTURES.resolve("v2-" + FIXTURE_SOURCE + ".ebpc")),
                compressNpy(original, FIXTURE_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS));
        assertArrayEquals(
                Files.readAllBytes(FIXTURES.resolve("v1-" + FIXTURE_SOURCE + ".ebpc")),
                compressNpy(original, FIXTURE_CHUNK_WORDS, 0));
    }

    @Test
    void eachSliceIsTheHardwaresStreamPairOfItsWords() throws IOException {
        // Chunk 0's first slice holds exactly the bare streams of the first 2^14 words.
        byte[] original = trace(FIXTURE_SOURCE);
        byte[] c = compressNpy(original, FIXTURE_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS);
        int dataAt = original.length - 150_528;
        EncodedStreams s = new EbpcEncoder(EbpcParams.DEFAULT)
                .encode(Arrays.copyOfRange(original, dataAt, dataAt + Container.DEFAULT_SLICE_WORDS));
        int chunk = indexOf(c, "EBCK".getBytes(), 0);
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(FIXTURE_CHUNK_WORDS, b.getInt(chunk + 4));
        assertEquals(s.znz().length, b.getInt(chunk + 12));
        assertEquals(s.bpc().length, b.getInt(chunk + 16));
        int streams = chunk + 12 + 8 * 4 + 4; // 4 slices of 2^14 in a chunk of 2^16
        assertArrayEquals(s.znz(), Arrays.copyOfRange(c, streams, streams + s.znz().length));
        assertArrayEquals(
                s.bpc(), Arrays.copyOfRange(c, streams + s.znz().length, streams + s.znz().length + s.bpc().length));
    }

    @Test
    void slicesThatWouldGrowAreStoredRaw() throws IOException {
        // A residual sum (not rectified, 2-4% zeros): EBPC's streams are larger than its words,
        // so every slice is stored raw and the file grows only by the fixed overhead.
        byte[] add = trace("007_block_2_add.i8.npy");
        byte[] c = compressNpy(add, Container.DEFAULT_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS);
        assertArrayEquals(add, decompress(c));
        int slices = (75_264 + Container.DEFAULT_SLICE_WORDS - 1) / Container.DEFAULT_SLICE_WORDS;
        // header 28 + CRC 4, chunk head 12 + 8 a slice + CRC 4, index 8 + 12 + 8 + 4, trailer 16
        long overhead = 32 + 12 + 8L * slices + 4 + 32 + 16;
        assertEquals(add.length + overhead, c.length);
        EncodedStreams bare =
                new EbpcEncoder(EbpcParams.DEFAULT).encode(Arrays.copyOfRange(add, add.length - 75_264, add.length));
        assertTrue(bare.znz().length + bare.bpc().length > 75_264 * 1.1, "the bare streams grow: " + bare);
    }

    @Test
    void rawAndCodedSlicesMixInOneChunk() throws IOException {
        // Words of a ReLU output (coded) and of a residual sum (raw), alternating by slice.
        byte[] relu = Arrays.copyOfRange(trace("011_block_4_depthwise_relu.i8.npy"), 128, 128 + 2 * 4096);
        byte[] add = Arrays.copyOfRange(trace("007_block_2_add.i8.npy"), 128, 128 + 2 * 4096);
        byte[] words = new byte[4 * 4096];
        System.arraycopy(relu, 0, words, 0, 4096);
        System.arraycopy(add, 0, words, 4096, 4096);
        System.arraycopy(relu, 4096, words, 8192, 4096);
        System.arraycopy(add, 4096, words, 12288, 4096);
        Container.Header h = new Container.Header(
                        EbpcParams.DEFAULT, Container.Kind.RAW, Npy.Dtype.INT8, 1 << 20, new byte[0])
                .withSliceWords(4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerCodec(Kernels.preferred(), 1).compress(new ByteArrayInputStream(words), out, h, n -> {});
        byte[] c = out.toByteArray();
        assertArrayEquals(words, decompress(c));
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        int chunk = indexOf(c, "EBCK".getBytes(), 0);
        for (int s = 0; s < 4; s++) {
            int znz = b.getInt(chunk + 12 + 8 * s);
            int bpc = b.getInt(chunk + 16 + 8 * s);
            if (s % 2 == 1) {
                assertEquals(0, znz, "slice " + s + " raw");
                assertEquals(4096, bpc);
            } else {
                assertTrue(znz > 0 && znz + bpc < 4096, "slice " + s + " coded: " + znz + " + " + bpc);
            }
        }
        ContainerCodec.Result listed = new ContainerCodec(Kernels.preferred(), 1).list(new ByteArrayInputStream(c));
        long zeros = 0;
        for (byte w : words) {
            zeros += w == 0 ? 1 : 0;
        }
        assertEquals(zeros, listed.zeros(), "zeros counted from ZNZ streams and raw slices");
    }

    @Test
    void theContainerStaysWithinAFewTenthsOfAPercentOfTheBareStreams() throws IOException {
        long container = 0;
        long bare = 0;
        try (var files = Files.list(TRACES)) {
            for (Path f : files.filter(f -> f.toString().endsWith("_relu.i8.npy"))
                    .sorted()
                    .toList()) {
                byte[] file = Files.readAllBytes(f);
                container += compressNpy(file, Container.DEFAULT_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS).length;
                Npy.Header npy =
                        Npy.parseHeader(Arrays.copyOf(file, Npy.headerLength(Arrays.copyOf(file, 12))), file.length);
                EncodedStreams s = new EbpcEncoder(EbpcParams.DEFAULT)
                        .encode(Arrays.copyOfRange(file, npy.dataOffset(), file.length));
                bare += s.znz().length + s.bpc().length + npy.dataOffset();
            }
        }
        assertTrue(container <= bare * 1.003, "container " + container + " bytes, bare streams " + bare);
    }

    @Test
    void damagedSliceTablesAndStreamsAreNamed() throws IOException {
        byte[] good = compressNpy(trace(FIXTURE_SOURCE), FIXTURE_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS);
        int chunk = indexOf(good, "EBCK".getBytes(), 0);

        byte[] lie = good.clone(); // a slice length changed: the chunk head's own CRC catches it
        ByteBuffer.wrap(lie, chunk + 20, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(12345);
        assertEquals("chunk 0: header checksum mismatch", failure(lie));

        // The same lie with the head's CRC made to match: the length is checked against the slice.
        ByteBuffer.wrap(lie, chunk + 20, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
        resealHead(lie, chunk, 4);
        assertTrue(failure(lie).startsWith("chunk 0, slice 1: stream sizes "), failure(lie));

        byte[] flipped = good.clone(); // a bit of slice 2's BPC stream
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int at = chunk + 12 + 8 * 4 + 4;
        for (int s = 0; s < 2; s++) {
            at += b.getInt(chunk + 12 + 8 * s) + b.getInt(chunk + 16 + 8 * s);
        }
        at += b.getInt(chunk + 12 + 16) + 40;
        flipped[at] ^= 0x08;
        String m = failure(flipped);
        assertTrue(
                m.startsWith("chunk 0, slice 2: corrupt BPC stream, bit ")
                        || m.equals("chunk 0: checksum mismatch (the data is damaged)"),
                m);
    }

    @Test
    void badSliceSizesInTheHeaderAreRefused() throws IOException {
        byte[] good = compressNpy(trace(FIXTURE_SOURCE), FIXTURE_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS);
        for (int bad : new int[] {0, 1, 255, 3 << 10, (1 << 24) + 1, -1}) {
            byte[] c = good.clone();
            ByteBuffer.wrap(c, 20, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(bad);
            assertEquals("bad slice size " + Integer.toUnsignedString(bad) + " in header", failure(c));
        }
        byte[] v3 = good.clone();
        v3[8] = 3;
        assertEquals("unsupported .ebpc format version 3 (this ebpc reads 1 and 2)", failure(v3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Container.Header(EbpcParams.DEFAULT, Container.Kind.RAW, Npy.Dtype.INT8, 1 << 20, new byte[0])
                        .withSliceWords(100));
    }

    @Test
    void theHeaderRoundTripsInBothVersions() throws IOException {
        byte[] prefix = Arrays.copyOf(trace(FIXTURE_SOURCE), 128);
        for (int slice : new int[] {0, 1 << 8, 1 << 14, 1 << 24}) {
            Container.Header h = new Container.Header(
                    EbpcParams.DEFAULT,
                    Container.Kind.NPY,
                    Npy.Dtype.INT8,
                    1 << 20,
                    prefix,
                    false,
                    new Container.Quantization(Npy.Dtype.FLOAT16, 0.125),
                    slice);
            Container.Header back = Container.Header.read(new ByteArrayInputStream(h.toBytes()));
            assertEquals(slice, back.sliceWords());
            assertEquals(slice == 0 ? 1 : 2, back.version());
            assertEquals(h.quantization(), back.quantization());
            assertArrayEquals(prefix, back.prefix());
            assertEquals(h.chunkWords(), back.chunkWords());
        }
    }

    /** Recomputes a chunk head's CRC32C after its table was edited. */
    static void resealHead(byte[] c, int chunk, int slices) {
        CRC32C crc = new CRC32C();
        crc.update(c, chunk, 12 + 8 * slices);
        ByteBuffer.wrap(c, chunk + 12 + 8 * slices, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) crc.getValue());
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Writes the fixture files (run once by hand when the format changes on purpose). */
    public static void main(String[] args) throws IOException {
        byte[] original = trace(FIXTURE_SOURCE);
        Files.createDirectories(FIXTURES);
        Files.write(FIXTURES.resolve("v1-" + FIXTURE_SOURCE + ".ebpc"), compressNpy(original, FIXTURE_CHUNK_WORDS, 0));
        Files.write(
                FIXTURES.resolve("v2-" + FIXTURE_SOURCE + ".ebpc"),
                compressNpy(original, FIXTURE_CHUNK_WORDS, Container.DEFAULT_SLICE_WORDS));
    }
}
