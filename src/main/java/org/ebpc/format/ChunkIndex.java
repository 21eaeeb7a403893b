package org.ebpc.format;

import java.io.IOException;
import java.util.Arrays;

/** Chunk offsets and word counts, for the index. */
final class ChunkIndex {
    long rawWords;
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

    /** Records a coded chunk at the output's position and writes it. */
    void add(CountingOutput out, CodedChunk chunk) throws IOException {
        record(out.count, chunk.words());
        rawWords += chunk.rawWords();
        chunk.writeTo(out);
    }
}
