package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;
import static org.ebpc.kernel.vector.PlaneLanes.*;
import static org.ebpc.kernel.vector.Species.*;
import static org.ebpc.kernel.vector.StreamBuffers.*;
import static org.ebpc.kernel.vector.Swar.*;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import org.ebpc.EbpcParams;
import org.ebpc.bits.BitWriter;
import org.ebpc.kernel.BitDeposit;

/**
 * W = 16 encoding: as Int8Encoder, with a block's planes 0-7 and 8-15 in two 64-bit lanes
 * (its low and high delta bytes) and plane 16 apart.
 */
final class Int16Encoder {

    private Int16Encoder() {}

    /** The zero-run symbols of W = 16 by run length, (code << 8) | length. */
    static final int[] RUN16 = PlaneCodes.runSymbols(16, 4);
    /** Per 16-byte block: its 8 low bytes then its 8 high bytes. */
    static final VectorShuffle<Byte> SPLIT_BYTES;

    static {
        int len = BYTES.length();
        int[] split = new int[len];
        for (int g = 0; g < len; g += 16) {
            for (int i = 0; i < 8 && g + 2 * i + 1 < len; i++) {
                split[g + i] = g + 2 * i;
                split[g + 8 + i] = g + 2 * i + 1;
            }
        }
        SPLIT_BYTES = VectorShuffle.fromArray(BYTES, split, 0);
    }

    /** The mask bits of one vector of SHORTS. */
    private static final long SHORT_LANE_BITS = (1L << SHORTS.length()) - 1;

    /**
     * Appends the non-zero words among src[at, at + limit) (bit j of {@code mask} set where
     * src[at + j] is not zero) to dense[m...]; returns the new m. A vector of words per
     * VPCOMPRESSW where BitDeposit chose it (src readable to at + 64), else branch-free word by word.
     */
    static int compact16(short[] src, int at, int limit, long mask, short[] dense, int m) {
        if (BitDeposit.LANES) {
            for (int o = 0; o < limit; o += SHORTS.length()) {
                long mb = mask >>> o & SHORT_LANE_BITS;
                ShortVector.fromArray(SHORTS, src, at + o)
                        .compress(VectorMask.fromLong(SHORTS, mb))
                        .intoArray(dense, m);
                m += Long.bitCount(mb);
            }
            return m;
        }
        for (int j = 0; j < limit; j++) {
            dense[m] = src[at + j];
            m += (int) (mask >>> j) & 1;
        }
        return m;
    }

    /** Per-thread scratch for the compacted non-zero words, as Int8Encoder's. */
    static final ThreadLocal<short[]> DENSE16 = ThreadLocal.withInitial(() -> new short[0]);

    /** Encodes in[off, off + n). */
    static <R> R encode16(EbpcParams p, short[] in, int off, int n, Sink<R> sink) {
        ZnzWriter znz = new ZnzWriter(p, n);
        short[] dense = DENSE16.get();
        if (dense.length < n + 16 + 2 * SHORTS.length()) {
            dense = new short[n + 16 + 2 * SHORTS.length()];
            DENSE16.set(dense);
        }
        short[] tail = new short[64];
        int m = 0;
        for (int i = 0; i < n; i += 64) {
            int limit = Math.min(64, n - i);
            short[] src = in;
            int at = off + i;
            if (limit < 64) {
                System.arraycopy(in, off + i, tail, 0, limit);
                src = tail;
                at = 0;
            }
            long mask = 0;
            for (int o = 0; o < 64; o += SHORTS.length()) {
                mask |= ShortVector.fromArray(SHORTS, src, at + o)
                                .compare(VectorOperators.NE, 0)
                                .toLong()
                        << o;
            }
            znz.chunk(mask);
            m = compact16(src, at, limit, mask, dense, m);
        }
        java.util.Arrays.fill(dense, m, m + 8, (short) 0); // the padding of the last block (the array is reused)
        BitWriter bpc = new BitWriter(BPC_BUFFER.get(), expectedBpcBits(p, m));
        planes16(dense, (m + 7) / 8, bpc);
        return sink.take(p, n, znz.finish(-n & 63), bpc); // the sink hands the grown buffers back
    }

    /** Codes blocks of 8 dense int16 words: low and high delta bytes as two 64-bit lanes each. */
    static void planes16(short[] dense, int blocks, BitWriter out) {
        int lanes = LONGS.length();
        long[] g = new long[2 * lanes + 2];
        long[] s = new long[4 * lanes];
        int[] top = new int[BLOCKS16];
        for (int b0 = 0; b0 < blocks; b0 += BLOCKS16) {
            transposeGroup16(dense, 8 * b0, g);
            long signs = g[2 * lanes];
            long zeroPlanes = g[2 * lanes + 1];
            int count = Math.min(BLOCKS16, blocks - b0);
            for (int b = 0; b < BLOCKS16; b++) { // every block of the group: the lanes must hold defined values
                long pLo = g[2 * b];
                long pHi = g[2 * b + 1];
                int sign = (int) (signs >>> (8 * b)) & PLANE_MASK;
                int x8 = (int) (pHi & PLANE_MASK) ^ (int) (pLo >>> 56); // X_8 = P_8 ^ P_7
                g[lanes + 2 * b + 1] = (g[lanes + 2 * b + 1] & ~0xFFL) | x8;
                int x16 = sign ^ (int) (pHi >>> 56);
                int zeros =
                        ((int) (zeroPlanes >>> (16 * b)) & 0xFEFF) | (x8 == 0 ? 1 << 8 : 0) | (x16 == 0 ? 1 << 16 : 0);
                int a = (zeros & 0xFF) * 10 + Integer.numberOfTrailingZeros(~(zeros >>> 8));
                int bi = ((zeros >>> 8 & 0xFF) * 2 + (zeros >>> 7 & 1)) * 2 + (zeros >>> 16 & 1);
                s[2 * b] = PlaneCodes.RUN_CODE_BYTES16A[a];
                s[lanes + 2 * b] = PlaneCodes.RUN_LENGTH_BYTES16A[a];
                s[2 * b + 1] = PlaneCodes.RUN_CODE_BYTES16B[bi];
                s[lanes + 2 * b + 1] = PlaneCodes.RUN_LENGTH_BYTES16B[bi];
                // Plane 16: its own symbol, the one-plane run `01`, or nothing inside a longer run.
                top[b] = (zeros >>> 16 & 1) == 0
                        ? PlaneCodes.SYMBOL_BY_INDEX[x16 | (-sign >>> 31 ^ 1) << 7]
                        : (zeros >>> 15 & 1) == 0 ? RUN16[1] : 0;
            }
            laneSymbols(g, 0, lanes, s);
            for (int b = 0; b < count; b++) { // base, planes 0-3; 4-7; 8-11; 12-15 and 16
                int bitsA1 = (int) s[lanes + 2 * b];
                int e = top[b];
                out.write((long) (dense[8 * (b0 + b)] & 0xFFFF) << bitsA1 | s[2 * b], 16 + bitsA1);
                out.write(s[2 * lanes + 2 * b], (int) s[3 * lanes + 2 * b]);
                out.write(s[2 * b + 1], (int) s[lanes + 2 * b + 1]);
                out.write(
                        s[2 * lanes + 2 * b + 1] << (e & 0xFF) | e >>> 8, (int) s[3 * lanes + 2 * b + 1] + (e & 0xFF));
            }
        }
    }

    /** As the first part of {@link Int8Encoder#codeGroup8} for BLOCKS16 int16 blocks: lanes 2b, 2b+1 hold block b's low and high planes. */
    static void transposeGroup16(short[] dense, int at, long[] g) {
        int lanes = LONGS.length();
        ShortVector cur = ShortVector.fromArray(SHORTS, dense, at);
        ShortVector next = ShortVector.fromArray(SHORTS, dense, at + 1);
        long signs = next.compare(VectorOperators.LT, cur).toLong();
        // Lanes 2b and 2b+1: the low and the high bytes of block b's deltas.
        next.sub(cur)
                .reinterpretAsBytes()
                .rearrange(SPLIT_BYTES)
                .reinterpretAsLongs()
                .and(LOW7_BYTES)
                .intoArray(g, 0);
        transposeLanes(g);
        LongVector x = LongVector.fromArray(LONGS, g, 0);
        LongVector dbx = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHL, 8));
        x.intoArray(g, 0);
        dbx.intoArray(g, lanes);
        g[2 * lanes] = signs;
        g[2 * lanes + 1] =
                dbx.reinterpretAsBytes().compare(VectorOperators.EQ, 0).toLong();
    }
}
