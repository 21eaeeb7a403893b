package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.Int8Decoder.*;
import static org.ebpc.kernel.vector.Species.*;

import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.kernel.Kernel.Slice;

/**
 * W = 8 decoding of a chunk's slices straight from the chunk's buffer (no copy of a stream), two
 * slices at a time: their ZNZ streams (ZnzPairReader), then their block readers, interleaved
 * step by step. Each
 * reader is one serial chain (a symbol's length gives the next symbol's position); two
 * independent chains overlap in the CPU's out-of-order window. Every check of Int8Decoder and
 * ZnzReader is made for each slice; any fault throws Invalid, and the caller lets the scalar
 * kernel name it.
 */
final class SliceDecoder8 {

    private SliceDecoder8() {}

    /**
     * The two slices' dense words, per thread and reused: every byte decoding reads as a word
     * (below 8 x the slice's blocks) is written first, and expansion takes no byte past the
     * slice's last non-zero word, so what an earlier slice left there does not matter.
     */
    private static final ThreadLocal<byte[][]> DENSE = ThreadLocal.withInitial(() -> new byte[2][0]);

    private static byte[] dense(int which, int blocks) {
        byte[][] d = DENSE.get();
        if (d[which].length < denseLength(blocks)) {
            d[which] = new byte[denseLength(blocks)];
        }
        return d[which];
    }

    static void decode(EbpcParams p, byte[] buf, List<Slice> slices, byte[] out) throws Invalid {
        SlicePairs.each(slices, (a, b) -> decodePair(p, buf, a, b, out));
    }

    /** Decodes slice a and, if not null, slice b side by side. */
    private static void decodePair(EbpcParams p, byte[] buf, Slice a, Slice b, byte[] out) throws Invalid {
        ZnzPairReader.Bitmaps znz = ZnzPairReader.read(p, buf, a, b);
        int mA = znz.nonZeroA();
        int mB = znz.nonZeroB();
        int blocksA = (mA + 7) / 8;
        int blocksB = (mB + 7) / 8;
        byte[] denseA = dense(0, blocksA);
        byte[] denseB = dense(1, blocksB);
        long limitA = 8L * (a.bpcAt() + a.bpcBytes());
        long limitB = b == null ? 0 : 8L * (b.bpcAt() + b.bpcBytes());
        long posA = 8L * a.bpcAt();
        long posB = b == null ? 0 : 8L * b.bpcAt();
        long[] planes = new long[BLOCKS8];
        long[] gA = new long[GROUP_FIELDS * BLOCKS8];
        long[] gB = new long[GROUP_FIELDS * BLOCKS8];
        int both = Math.min(blocksA, blocksB) / BLOCKS8 * BLOCKS8; // whole groups in both slices
        for (int b0 = 0; b0 < both; b0 += BLOCKS8) {
            for (int k = 0; k < BLOCKS8; k++) {
                if ((posA > limitA) | (posB > limitB)) {
                    throw Invalid.INSTANCE; // truncated
                }
                posA = readBlock8(buf, posA, gA, k);
                posB = readBlock8(buf, posB, gB, k);
            }
            wordsOfGroup8(gA, planes, expectedZeros(mA - 8 * b0), denseA, 8 * b0);
            wordsOfGroup8(gB, planes, expectedZeros(mB - 8 * b0), denseB, 8 * b0);
        }
        posA = readBlocks8(buf, limitA, posA, both, blocksA, mA, denseA);
        if (!ZnzReader.paddingOnly(buf, posA, 8L * a.bpcAt(), limitA, 8)) {
            throw Invalid.INSTANCE;
        }
        Compaction.expand8(znz.a(), denseA, out, a.outAt(), a.words());
        if (b != null) {
            posB = readBlocks8(buf, limitB, posB, both, blocksB, mB, denseB);
            if (!ZnzReader.paddingOnly(buf, posB, 8L * b.bpcAt(), limitB, 8)) {
                throw Invalid.INSTANCE;
            }
            Compaction.expand8(znz.b(), denseB, out, b.outAt(), b.words());
        }
    }
}
