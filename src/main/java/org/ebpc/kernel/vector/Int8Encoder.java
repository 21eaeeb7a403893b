package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;
import static org.ebpc.kernel.vector.PlaneLanes.*;
import static org.ebpc.kernel.vector.Species.*;
import static org.ebpc.kernel.vector.StreamBuffers.*;
import static org.ebpc.kernel.vector.Swar.*;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.bits.BitWriter;

/**
 * W = 8 encoding: zero masks by vector compares, the ZNZ stream from them, compaction of the
 * non-zero words (Compaction), then several 8-word blocks per vector: deltas and their signs,
 * the bit transposition, DBX planes, and the plane symbols joined in lanes (PlaneLanes).
 */
final class Int8Encoder {

    private Int8Encoder() {
    }

    /**
     * Per-thread scratch for the compacted non-zero words, reused across calls: allocating and
     * zeroing one per call cost page faults that held back multi-threaded container runs. Only
     * words below m+8 are ever read as data (an explicit store zeroes the padding of the last
     * block); what lies beyond feeds only vector lanes that are ignored.
     */
    static final ThreadLocal<byte[]> DENSE8 = ThreadLocal.withInitial(() -> new byte[0]);

    /** Encodes in[off, off + n). */
    static EncodedStreams encode8(EbpcParams p, byte[] in, int off, int n) {
        ZnzWriter znz = new ZnzWriter(p, n);
        // Dense non-zero words, then zeros: room for the padded last block and vector loads.
        byte[] dense = DENSE8.get();
        if (dense.length < n + 16 + 2 * BYTES.length()) {
            dense = new byte[n + 16 + 2 * BYTES.length()];
            DENSE8.set(dense);
        }
        int m = 0;
        for (int from = off; from < off + n; from += SLICE_WORDS) {
            m = compact8(in, from, Math.min(off + n, from + SLICE_WORDS), znz, dense, m);
        }
        LONG_LE.set(dense, m, 0L);   // the padding of the last block (the array is reused)
        BitWriter bpc = new BitWriter(BPC_BUFFER.get(), expectedBpcBits(p, m));
        int blocks = (m + 7) / 8;
        for (int from = 0; from < blocks; from += SLICE_BLOCKS) {
            planes8(dense, from, Math.min(blocks, from + SLICE_BLOCKS), bpc);
        }
        return finish(p, n, znz.finish(-n & 63), bpc);   // finish hands the grown buffers back
    }

    /**
     * Masks words in[from, to) (from a multiple of 64), writes their ZNZ symbols and packs the
     * non-zero ones into dense[m...]; returns the new m.
     */
    static int compact8(byte[] in, int from, int to, ZnzWriter znz, byte[] dense, int m) {
        for (int i = from; i < to; i += 64) {
            int limit = Math.min(64, to - i);
            byte[] src = in;
            int at = i;
            if (limit < 64) {   // the last partial group goes through a zero-padded copy
                src = new byte[64 + 8];
                System.arraycopy(in, i, src, 0, limit);
                at = 0;
            }
            long mask = nonZeroMask64(src, at);
            znz.chunk(mask);
            m = Compaction.compact8(src, at, limit, mask, dense, m);
        }
        return m;
    }

    /**
     * The BPC writer's first size: W bits per non-zero word, more than real activations need
     * (the worst case, 1.25 W, would allocate and zero a quarter more for nothing); it grows.
     */
    static long expectedBpcBits(EbpcParams p, int m) {
        return (long) m * p.wordWidth() + 1024;
    }

    /** Bit i of the result: word at + i is not zero. */
    static long nonZeroMask64(byte[] a, int at) {
        long mask = 0;
        for (int o = 0; o < 64; o += BYTES.length()) {
            mask |= ByteVector.fromArray(BYTES, a, at + o).compare(VectorOperators.NE, 0).toLong() << o;
        }
        return mask;
    }

    /** Codes blocks [from, to) of 8 dense int8 words: symbols computed and joined in vector lanes. */
    static void planes8(byte[] dense, int from, int to, BitWriter out) {
        long[] g = new long[2 * BLOCKS8 + 1];   // the blocks' planes, the sign bits, the DBX planes
        long[] s = new long[5 * BLOCKS8];   // see codeGroup8
        int[] sym = PlaneCodes.SYMBOL_BY_INDEX;
        int[] runs = PlaneCodes.RUNS_BY_MASK8;
        long[] fields = new long[2 * BLOCKS8];   // per block: base and planes 0-3, then planes 4-8
        int[] lengths = new int[2 * BLOCKS8];
        for (int b0 = from; b0 < to; b0 += BLOCKS8) {
            codeGroup8(dense, 8 * b0, g, s);
            long signs = g[BLOCKS8];
            int count = Math.min(BLOCKS8, to - b0);
            for (int b = 0; b < count; b++) {   // base, planes 0-3; planes 4-7, plane 8
                int sign = (int) (signs >>> (8 * b)) & PLANE_MASK;
                int x8 = sign ^ (int) (g[b] >>> 56);
                int zeros = (int) s[4 * BLOCKS8 + b];
                int e = sym[x8 | (-sign >>> 31 ^ 1) << 7] | runs[zeros * 9 + 8];
                int bits1 = (int) s[BLOCKS8 + b];
                int bits2 = (int) s[3 * BLOCKS8 + b];
                fields[2 * b] = (long) (dense[8 * (b0 + b)] & 0xFF) << bits1 | s[b];
                lengths[2 * b] = 8 + bits1;
                fields[2 * b + 1] = s[2 * BLOCKS8 + b] << (e & 0xFF) | e >>> 8;
                lengths[2 * b + 1] = bits2 + (e & 0xFF);
            }
            out.writeAll(fields, lengths, 2 * count);
        }
    }

    /**
     * The vector part of int8 block coding, for BLOCKS8 blocks from dense[at]: deltas, the 8x8
     * bit transposition, DBX planes (kept in one method with no vector-typed helpers so that C2
     * inlines every Vector API call: a vector that crosses a call C2 did not inline is boxed and
     * the slow Java fallback runs); then the symbols of planes 0-7 of every block at once, one byte lane per
     * plane: code and length computed without a table (raw = 1 + X reversed, single one, pair,
     * all ones, `00001`), the zero-run symbols added from a per-block table, and each block's
     * symbols joined in its 64-bit lane by variable shifts: s[b] = planes 0-3 (s[B+b] bits),
     * s[2B+b] = planes 4-7 (s[3B+b] bits), s[4B+b] = the block's 9-bit zero-plane mask.
     */
    static void codeGroup8(byte[] dense, int at, long[] g, long[] s) {
        ByteVector cur = ByteVector.fromArray(BYTES, dense, at);
        ByteVector next = ByteVector.fromArray(BYTES, dense, at + 1);
        long signs = next.compare(VectorOperators.LT, cur).toLong();
        next.sub(cur).reinterpretAsLongs().and(LOW7_BYTES).intoArray(g, 0);
        transposeLanes(g);
        LongVector planes = LongVector.fromArray(LONGS, g, 0);
        ByteVector dbx = planes.lanewise(VectorOperators.XOR, planes.lanewise(VectorOperators.LSHL, 8)).reinterpretAsBytes();
        long zeroPlanes = dbx.compare(VectorOperators.EQ, 0).toLong();
        planes.intoArray(g, 0);
        g[BLOCKS8] = signs;
        // Per block: the zero-plane mask (plane 8 too) and the run symbols it implies.
        for (int b = 0; b < BLOCKS8; b++) {
            int x8 = ((int) (signs >>> (8 * b)) & PLANE_MASK) ^ (int) (g[b] >>> 56);
            int zeros = ((int) (zeroPlanes >>> (8 * b)) & 0xFF) | (-x8 >>> 31 ^ 1) << 8;
            s[4 * BLOCKS8 + b] = zeros;
            s[b] = PlaneCodes.RUN_CODE_BYTES8[zeros];
            s[BLOCKS8 + b] = PlaneCodes.RUN_LENGTH_BYTES8[zeros];
        }
        dbx.reinterpretAsLongs().intoArray(g, BLOCKS8 + 1);
        laneSymbols(g, 0, BLOCKS8 + 1, s);
    }
}
