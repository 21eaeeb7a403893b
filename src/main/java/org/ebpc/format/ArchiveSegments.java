package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpc.EbpcParams;

/**
 * The segments of an archive container (.npz, .safetensors held byte for byte): verbatim
 * segments written and copied back with their CRC32C, coded segments' headers, and the walk over
 * a container's segments to its index (docs/FORMAT-CONTAINER.md, "Archives").
 */
final class ArchiveSegments {

    private ArchiveSegments() {}

    static void writeVerbatim(CountingOutput cout, byte[] file, long from, long length) throws IOException {
        if (length > 0) {
            cout.write(ByteBuffer.allocate(13)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(Container.SEGMENT_MAGIC)
                    .put((byte) Container.SEGMENT_VERBATIM)
                    .putLong(length)
                    .array());
            cout.write(file, (int) from, (int) length);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(file, (int) from, (int) length);
            cout.write(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) crc.getValue())
                    .array());
        }
    }

    /** A coded segment's head: its dtype and word count; its chunks follow. */
    static void writeCodedHead(CountingOutput cout, org.ebpc.io.Npy.Dtype d, long words) throws IOException {
        cout.write(ByteBuffer.allocate(14)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Container.SEGMENT_MAGIC)
                .put((byte) Container.SEGMENT_CODED)
                .put((byte) Container.dtypeCode(d))
                .putLong(words)
                .array());
    }

    /** An archive segment's parameters: W from its dtype, N and Z from the header (N at most W). */
    static EbpcParams segmentParams(Container.Header h, org.ebpc.io.Npy.Dtype d) {
        int w = d.wordWidth();
        return new EbpcParams(w, Math.min(h.params().blockSize(), w), h.params().maxZeroRun());
    }

    /** What to do with each segment of an archive. */
    interface Visitor {
        /** A verbatim segment of {@code length} (>= 0) bytes, then its CRC32C, follows in the input. */
        void verbatim(long length) throws IOException;

        /** A coded segment of {@code words} words with parameters {@code p} follows: its chunks. */
        void coded(EbpcParams p, long words) throws IOException;
    }

    /**
     * Reads an archive's segments up to and including the index, validating each segment header;
     * returns the original bytes they stand for.
     */
    static long walk(CountingInput in, Container.Header h, ChunkIndex seen, Visitor visit) throws IOException {
        long originalBytes = 0;
        while (true) {
            long offset = in.count;
            int magic = Container.readInt(in, "segment list (no index)");
            if (magic == Container.INDEX_MAGIC) {
                Container.checkIndex(in, offset, seen);
                return originalBytes;
            }
            if (magic != Container.SEGMENT_MAGIC) {
                throw new CorruptContainerException("bad segment magic at byte " + offset);
            }
            int type = Container.readExactly(in, 1, "segment")[0];
            if (type == Container.SEGMENT_VERBATIM) {
                long length = readLong(in);
                if (length < 0) {
                    throw new CorruptContainerException("bad verbatim segment length at byte " + offset);
                }
                visit.verbatim(length);
                originalBytes += length;
            } else if (type == Container.SEGMENT_CODED) {
                org.ebpc.io.Npy.Dtype d = Container.dtypeOf(Container.readExactly(in, 1, "segment")[0] & 0xFF);
                long words = readLong(in);
                if (words < 1 || words > (1L << 40)) {
                    throw new CorruptContainerException("segment at byte " + offset + ": bad word count " + words);
                }
                visit.coded(segmentParams(h, d), words);
                originalBytes += words * d.bytes;
            } else {
                throw new CorruptContainerException("bad segment type " + type + " at byte " + offset);
            }
        }
    }

    private static long readLong(InputStream in) throws IOException {
        return ByteBuffer.wrap(Container.readExactly(in, 8, "segment"))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    /**
     * Copies exactly {@code length} verbatim bytes in pieces (a lying length allocates nothing
     * big) and checks the CRC32C after them.
     */
    static void copyVerbatim(InputStream in, OutputStream out, long length) throws IOException {
        CorruptContainerException.verify(length >= 0, "bad verbatim segment length");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        byte[] buf = new byte[(int) Math.min(length, 1 << 20)];
        while (length > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length));
            if (n < 0) {
                throw CorruptContainerException.truncated("a verbatim segment");
            }
            crc.update(buf, 0, n);
            if (out != null) {
                out.write(buf, 0, n);
            }
            length -= n;
        }
        CorruptContainerException.verify(
                Container.readInt(in, "verbatim segment") == (int) crc.getValue(),
                "verbatim segment checksum mismatch (the data is damaged)");
    }
}
