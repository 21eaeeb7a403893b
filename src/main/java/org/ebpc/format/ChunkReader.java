package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpc.EbpcParams;

/** Reads a container's chunks one at a time, each validated before its payload is read (decoding and listing share it). */
final class ChunkReader {

    private ChunkReader() {}

    /**
     * A chunk read whole: version 1 (its header, ZNZ stream and BPC stream as payload) or
     * version 2 (its head and all its slices' bytes as payload, then Slices.SLACK zero bytes).
     */
    record Chunk(Container.ChunkHeader header, byte[] znz, Container.SlicedChunkHeader sliced, byte[] payload) {
        int words() {
            return sliced != null ? sliced.words() : header.words();
        }
    }

    /** What is done with each chunk in turn: its number in the container, the chunk, where it began. */
    interface Visitor {
        void chunk(int number, Chunk c, long offset) throws IOException;
    }

    /**
     * Reads a segment's chunks in order ({@code words} words of them, or up to the index when
     * words < 0, which is then checked), records each in {@code seen} and hands it to {@code v}.
     */
    static void each(CountingInput in, EbpcParams p, Container.Header h, ChunkIndex seen, long words, Visitor v)
            throws IOException {
        long left = words;
        while (words < 0 || left > 0) {
            long offset = in.count;
            Chunk c = next(in, p, h, seen, words, left);
            if (c == null) {
                return;
            }
            int number = seen.count;
            left -= c.words();
            seen.record(offset, c.words());
            v.chunk(number, c, offset);
        }
    }

    /**
     * The next chunk, validated before its payload is read; or, when {@code words} < 0 (up to
     * the index) and the index comes, null after checking it. {@code left}: words the segment
     * still holds.
     */
    private static Chunk next(
            CountingInput in, EbpcParams p, Container.Header h, ChunkIndex seen, long words, long left)
            throws IOException {
        long offset = in.count;
        int magic = Container.readInt(in, "chunk list (no index)");
        if (words < 0 && magic == Container.INDEX_MAGIC) {
            Container.checkIndex(in, offset, seen);
            return null;
        }
        int chunk = seen.count;
        String where = "chunk " + chunk;
        if (h.sliceWords() != 0) {
            Container.SlicedChunkHeader sh =
                    Container.SlicedChunkHeader.read(in, magic, p, h.chunkWords(), h.sliceWords(), chunk);
            checkFits(sh.words(), words, left, chunk);
            return new Chunk(null, null, sh, Container.readExactly(in, (int) sh.payloadBytes(), Slices.SLACK, where));
        }
        Container.ChunkHeader ch = readChunkHeader(in, magic, p, h.chunkWords(), chunk);
        checkFits(ch.words(), words, left, chunk);
        byte[] znz = Container.readExactly(in, ch.znzBytes(), where);
        return new Chunk(ch, znz, null, Container.readExactly(in, ch.bpcBytes(), where));
    }

    private static void checkFits(int chunkWords, long words, long left, int chunk) throws CorruptContainerException {
        if (words >= 0 && chunkWords > left) {
            throw new CorruptContainerException("chunk " + chunk + " runs past the end of its segment");
        }
    }

    /** The rest of a chunk header whose magic was read, validated before its payload is read. */
    private static Container.ChunkHeader readChunkHeader(
            InputStream in, int magic, EbpcParams p, int chunkWords, int chunk) throws IOException {
        byte[] head = ByteBuffer.allocate(Container.CHUNK_HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(magic)
                .put(Container.readExactly(in, Container.CHUNK_HEADER_BYTES - 4, "chunk " + chunk + " header"))
                .array();
        return Container.ChunkHeader.parse(head, p, chunkWords, chunk);
    }
}
