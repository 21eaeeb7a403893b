package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.junit.jupiter.api.Test;

/** An archive's segment list read field by field: the lengths and word counts at their limits, the bytes they stand for. */
class ArchiveSegmentsTest {

    private static final Container.Header ARCHIVE =
            new Container.Header(EbpcParams.DEFAULT, Container.Kind.ARCHIVE, Npy.Dtype.UINT8, 1 << 16, new byte[0]);

    private static byte[] verbatim(long length, int crc) {
        return ByteBuffer.allocate(17)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Container.SEGMENT_MAGIC)
                .put((byte) Container.SEGMENT_VERBATIM)
                .putLong(length)
                .putInt(crc)
                .array();
    }

    private static byte[] coded(Npy.Dtype d, long words) {
        return ByteBuffer.allocate(14)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Container.SEGMENT_MAGIC)
                .put((byte) Container.SEGMENT_CODED)
                .put((byte) Container.dtypeCode(d))
                .putLong(words)
                .array();
    }

    /** The segments, then an index of no chunks (its offset: where it starts). */
    private static CountingInput segments(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        b.writeBytes(Container.index(new long[0], new int[0], 0, 0, b.size()));
        return new CountingInput(new ByteArrayInputStream(b.toByteArray()));
    }

    /** Walks the segments, noting each; a coded one's chunks are not read (there are none here). */
    private static long walk(CountingInput in, List<String> seen) throws IOException {
        return ArchiveSegments.walk(in, ARCHIVE, new ChunkIndex(), new ArchiveSegments.Visitor() {
            @Override
            public void verbatim(long length) throws IOException {
                seen.add("verbatim " + length);
                ArchiveSegments.copyVerbatim(in, null, length);
            }

            @Override
            public void coded(EbpcParams p, long words) {
                seen.add("coded W=" + p.wordWidth() + " " + words);
            }
        });
    }

    @Test
    void segmentsStandForTheirBytes() throws IOException {
        List<String> seen = new ArrayList<>();
        long bytes = walk(
                segments(
                        verbatim(0, 0),
                        coded(Npy.Dtype.INT16, 1),
                        coded(Npy.Dtype.FLOAT32, 1L << 40),
                        coded(Npy.Dtype.UINT8, 3)),
                seen);
        assertEquals(List.of("verbatim 0", "coded W=16 1", "coded W=32 1099511627776", "coded W=8 3"), seen);
        assertEquals(2 + 4 * (1L << 40) + 3, bytes, "an empty verbatim segment, one word, the most words");
        for (long bad : new long[] {0, (1L << 40) + 1, -1}) {
            String m = assertThrows(
                            CorruptContainerException.class,
                            () -> walk(segments(coded(Npy.Dtype.INT8, bad)), new ArrayList<>()))
                    .getMessage();
            assertEquals("segment at byte 0: bad word count " + bad, m);
        }
        String m = assertThrows(
                        CorruptContainerException.class, () -> walk(segments(verbatim(-1, 0)), new ArrayList<>()))
                .getMessage();
        assertEquals("bad verbatim segment length at byte 0", m);
    }

    @Test
    void nothingIsWrittenForAnEmptyStretch() throws IOException {
        CountingOutput out = new CountingOutput(new ByteArrayOutputStream());
        ArchiveSegments.writeVerbatim(out, new byte[10], 4, 0);
        assertEquals(0, out.count(), "no segment of no bytes");
        ArchiveSegments.writeVerbatim(out, new byte[10], 4, 3);
        assertEquals(13 + 3 + 4, out.count());
    }

    @Test
    void verbatimBytesAreCopiedAndChecked() throws IOException {
        byte[] data = {5, 6, 7};
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        byte[] in = ByteBuffer.allocate(7)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(data)
                .putInt((int) crc.getValue())
                .array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveSegments.copyVerbatim(new ByteArrayInputStream(in), out, 3);
        assertArrayEquals(data, out.toByteArray());
        ArchiveSegments.copyVerbatim(new ByteArrayInputStream(new byte[4]), out, 0); // no bytes: CRC32C 0
        assertEquals(
                "bad verbatim segment length",
                assertThrows(
                                CorruptContainerException.class,
                                () -> ArchiveSegments.copyVerbatim(new ByteArrayInputStream(in), out, -1))
                        .getMessage());
        in[1] ^= 1;
        assertEquals(
                "verbatim segment checksum mismatch (the data is damaged)",
                assertThrows(
                                CorruptContainerException.class,
                                () -> ArchiveSegments.copyVerbatim(new ByteArrayInputStream(in), out, 3))
                        .getMessage());
    }
}
