package org.ebpc.kernel.vector;

import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.kernel.Kernel.Slice;

/**
 * W = 16 decoding of a chunk's slices straight from the chunk's buffer, two slices at a time
 * as {@link SliceDecoder8} does for W = 8: their ZNZ readers stepping in turn, then their block
 * readers one block of each per loop (Int16Decoder.Blocks16.readPair). A block is one serial
 * chain of symbols, so two blocks of different slices overlap where two of one slice cannot. Every
 * check of Int16Decoder is made for each slice; any fault throws Invalid, and the caller lets
 * the scalar kernel name it.
 */
final class SliceDecoder16 {

    private SliceDecoder16() {}

    static void decode(EbpcParams p, byte[] buf, List<Slice> slices, short[] out) throws Invalid {
        SlicePairs.each(slices, (a, b) -> decodePair(p, buf, a, b, out));
    }

    /** The two slices' dense words, per thread and reused, as SliceDecoder8's. */
    private static final ThreadLocal<short[][]> DENSE = ThreadLocal.withInitial(() -> new short[2][0]);

    private static short[] dense(int which, int blocks) {
        short[][] d = DENSE.get();
        if (d[which].length < Int16Decoder.denseLength(blocks)) {
            d[which] = Int16Decoder.denseFor(blocks);
        }
        return d[which];
    }

    /** Decodes slice a and, if not null, slice b side by side. */
    private static void decodePair(EbpcParams p, byte[] buf, Slice a, Slice b, short[] out) throws Invalid {
        ZnzPairReader.Bitmaps znz = ZnzPairReader.read(p, buf, a, b);
        int mA = znz.nonZeroA();
        int mB = znz.nonZeroB();
        int blocksA = (mA + 7) / 8;
        int blocksB = (mB + 7) / 8;
        short[] denseA = dense(0, blocksA);
        short[] denseB = dense(1, blocksB);
        long limitA = 8L * (a.bpcAt() + a.bpcBytes());
        long limitB = b == null ? 0 : 8L * (b.bpcAt() + b.bpcBytes());
        long posA = 8L * a.bpcAt();
        long posB = b == null ? 0 : 8L * b.bpcAt();
        Int16Decoder.Blocks16 readerA = new Int16Decoder.Blocks16();
        Int16Decoder.Blocks16 readerB = new Int16Decoder.Blocks16();
        int per = readerA.perVector;
        int both = Math.min(blocksA, blocksB) / per * per; // whole groups in both slices
        long[] posAB = {posA, posB};
        for (int b0 = 0; b0 < both; b0 += per) {
            for (int k = 0; k < per; k++) {
                if ((posAB[0] > limitA) | (posAB[1] > limitB)) {
                    throw Invalid.INSTANCE; // truncated
                }
                readerA.readPair(buf, posAB, readerB, k);
            }
            readerA.words(b0, mA, denseA);
            readerB.words(b0, mB, denseB);
        }
        posA = posAB[0];
        posB = posAB[1];
        posA = readerA.read(buf, limitA, posA, both, blocksA, mA, denseA);
        if (!ZnzReader.paddingOnly(buf, posA, 8L * a.bpcAt(), limitA, 16)) {
            throw Invalid.INSTANCE;
        }
        Int16Decoder.expand16(znz.a(), denseA, out, a.outAt(), a.words());
        if (b != null) {
            posB = readerB.read(buf, limitB, posB, both, blocksB, mB, denseB);
            if (!ZnzReader.paddingOnly(buf, posB, 8L * b.bpcAt(), limitB, 16)) {
                throw Invalid.INSTANCE;
            }
            Int16Decoder.expand16(znz.b(), denseB, out, b.outAt(), b.words());
        }
    }
}
