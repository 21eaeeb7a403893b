package org.ebpc.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Chunk offsets and word counts, for the index. */
final class ChunkIndex {
    long rawWords;
    int unit = 1; // bytes a word of the chunks being written
    long[] offsets = new long[16];
    int[] words = new int[16];
    int count;
    long total;

    void record(long offset, int n) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            words = Arrays.copyOf(words, count * 2);
        }
        offsets[count] = offset;
        words[count++] = n;
        total += n;
    }

    void add(CountingOutput out, byte[][] chunk) throws IOException {
        record(
                out.count,
                ByteBuffer.wrap(chunk[0], 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        // A version 2 head (16 + 8 bytes a slice, never the 20 of version 1): a raw slice has
        // an empty ZNZ piece, its words in the piece after it.
        if (chunk[0].length != Container.CHUNK_HEADER_BYTES) {
            ByteBuffer head = ByteBuffer.wrap(chunk[0]).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; 2 * i + 2 < chunk.length; i++) {
                rawWords += head.getInt(12 + 8 * i) == 0 ? chunk[2 * i + 2].length / unit : 0;
            }
        }
        for (byte[] part : chunk) {
            out.write(part);
        }
    }
}
