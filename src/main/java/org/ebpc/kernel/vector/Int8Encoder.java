package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;
import static org.ebpc.kernel.vector.PlaneLanes.*;
import static org.ebpc.kernel.vector.Species.*;
import static org.ebpc.kernel.vector.StreamBuffers.*;
import static org.ebpc.kernel.vector.Swar.*;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.ebpc.EbpcParams;
import org.ebpc.bits.BitWriter;

/**
 * W = 8 encoding: zero masks by vector compares, the ZNZ stream from them, compaction of the
 * non-zero words (Compaction), then several 8-word blocks per vector: deltas and their signs,
 * the bit transposition, DBX planes, and the plane symbols joined in lanes (PlaneLanes).
 */
final class Int8Encoder {

    private Int8Encoder() {}

    /**
     * Per-thread scratch for the compacted non-zero words, reused across calls: allocating and
     * zeroing one per call cost page faults that held back multi-threaded container runs. Only
     * words below m+8 are ever read as data (an explicit store zeroes the padding of the last
     * block); what lies beyond feeds only vector lanes that are ignored.
     */
    static final ThreadLocal<byte[]> DENSE8 = ThreadLocal.withInitial(() -> new byte[0]);

    /** Encodes in[off, off + n) and hands the finished streams to {@code sink}. */
    static <R> R encode8(EbpcParams p, byte[] in, int off, int n, Sink<R> sink) {
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
        LONG_LE.set(dense, m, 0L); // the padding of the last block (the array is reused)
        BitWriter bpc = new BitWriter(BPC_BUFFER.get(), expectedBpcBits(p, m));
        int blocks = (m + 7) / 8;
        for (int from = 0; from < blocks; from += SLICE_BLOCKS) {
            planes8(dense, from, Math.min(blocks, from + SLICE_BLOCKS), bpc);
        }
        return sink.take(p, n, znz.finish(-n & 63), bpc); // the sink hands the grown buffers back
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
            if (limit < 64) { // the last partial group goes through a zero-padded copy
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
            mask |= ByteVector.fromArray(BYTES, a, at + o)
                            .compare(VectorOperators.NE, 0)
                            .toLong()
                    << o;
        }
        return mask;
    }

    /** Codes blocks [from, to) of 8 dense int8 words: symbols computed and joined in vector lanes. */
    static void planes8(byte[] dense, int from, int to, BitWriter out) {
        long[] g = new long[2 * BLOCKS8]; // planes, DBX planes
        long[] s = new long[4 * BLOCKS8]; // laneSymbols' runs in, fields out
        long[] fields = new long[4 * BLOCKS8]; // per block: field 1, its length, field 2, its length
        for (int b0 = from; b0 < to; b0 += BLOCKS8) {
            codeGroup8(dense, 8 * b0, g, s, fields);
            out.writeBlocks(fields, BLOCKS8, Math.min(BLOCKS8, to - b0));
        }
    }

    /**
     * Plane 8's symbol lane by lane from PlaneCodes.PLANE8_SYMBOL where a vector holds at most
     * four blocks: on AVX2 the long-lane compares and blends cost more than four lookups
     * (docs/PERFORMANCE.md); with eight lanes a vector does it.
     */
    static final boolean SCALAR_PLANE8 = BLOCKS8 <= 4;

    /** Byte k of each lane: k. */
    private static final ByteVector PLANE_INDEX =
            LongVector.broadcast(LONGS, 0x0706_0504_0302_0100L).reinterpretAsBytes();

    /**
     * Codes BLOCKS8 blocks from dense[at] into two bit fields each, all in vector lanes, one
     * block per 64-bit lane: deltas, their signs (plane 8), the 8x8 bit transposition, DBX
     * planes; the zero-run symbols as bytes (byte k: the run starting at plane k, its length up
     * to the next non-zero plane by a three-step suffix minimum, plane 8 included); the plane
     * symbols of planes 0-7 and their joining (laneSymbols), plane 8's in long lanes or, with SCALAR_PLANE8, lane by lane. fields:
     * base and planes 0-3 at [0, B), their lengths at [B, 2B), planes 4-8 at [2B, 3B), their
     * lengths at [3B, 4B). (Kept in one method with no
     * vector-typed helpers so that C2 inlines every Vector API call: a vector that crosses a
     * call C2 did not inline is boxed and the slow Java fallback runs.)
     */
    static void codeGroup8(byte[] dense, int at, long[] g, long[] s, long[] fields) {
        int lanes = BLOCKS8;
        ByteVector cur = ByteVector.fromArray(BYTES, dense, at);
        ByteVector next = ByteVector.fromArray(BYTES, dense, at + 1);
        long signs = next.compare(VectorOperators.LT, cur).toLong();
        next.sub(cur).reinterpretAsLongs().and(LOW7_BYTES).intoArray(g, 0);
        transposeLanes(g);
        LongVector planes = LongVector.fromArray(LONGS, g, 0);
        LongVector dbx = planes.lanewise(VectorOperators.XOR, planes.lanewise(VectorOperators.LSHL, 8));
        dbx.intoArray(g, lanes);
        VectorMask<Byte> zero = dbx.reinterpretAsBytes().compare(VectorOperators.EQ, 0);
        // Plane 8: P_8 = the signs of d_0..d_6 (byte b of signs), X_8 = P_8 ^ P_7.
        LongVector p8 = LongVector.broadcast(LONGS, signs)
                .lanewise(VectorOperators.LSHR, LANE_BYTE)
                .and(PLANE_MASK);
        LongVector x8 = p8.lanewise(VectorOperators.XOR, planes.lanewise(VectorOperators.LSHR, 56));
        VectorMask<Long> zero8 = x8.compare(VectorOperators.EQ, 0);
        // The run at plane k: up to the next non-zero plane (9: none), found by a suffix minimum.
        // Plane 8 is the ninth element: each step fills the bytes it shifts in with its index (8, or 9 when zero).
        LongVector nextNonZero = PLANE_INDEX.blend((byte) 9, zero).reinterpretAsLongs();
        LongVector eighth = LongVector.broadcast(LONGS, 0x0808_0808_0808_0808L).blend(0x0909_0909_0909_0909L, zero8);
        for (int shift = 8; shift <= 32; shift <<= 1) {
            LongVector in = nextNonZero.lanewise(VectorOperators.LSHR, shift).or(eighth.and(-1L << (64 - shift)));
            nextNonZero = nextNonZero
                    .reinterpretAsBytes()
                    .lanewise(VectorOperators.MIN, in.reinterpretAsBytes())
                    .reinterpretAsLongs();
        }
        ByteVector run = nextNonZero.reinterpretAsBytes().sub(PLANE_INDEX);
        LongVector zeroBytes = zero.toVector().reinterpretAsLongs();
        VectorMask<Byte> starts = zeroBytes
                .and(zeroBytes.lanewise(VectorOperators.LSHL, 8).not())
                .reinterpretAsBytes()
                .compare(VectorOperators.NE, 0);
        VectorMask<Byte> single = run.compare(VectorOperators.EQ, 1);
        run.sub((byte) 2)
                .or((byte) 0x08)
                .blend((byte) 1, single)
                .blend((byte) 0, starts.not()) // `001` + (r - 2), `01`
                .reinterpretAsLongs()
                .intoArray(s, 0);
        ByteVector.broadcast(BYTES, (byte) 6)
                .blend((byte) 2, single)
                .blend((byte) 0, starts.not())
                .reinterpretAsLongs()
                .intoArray(s, lanes);
        laneSymbols(g, 0, lanes, s);
        LongVector bits1 = LongVector.fromArray(LONGS, s, lanes);
        cur.reinterpretAsLongs()
                .and(0xFFL)
                .lanewise(VectorOperators.LSHL, bits1)
                .or(LongVector.fromArray(LONGS, s, 0))
                .intoArray(fields, 0);
        bits1.add(8).intoArray(fields, lanes);
        if (SCALAR_PLANE8) {
            for (int i = 0; i < lanes; i++) {
                int p8i = (int) (signs >>> (8 * i)) & PLANE_MASK;
                int x8i = p8i ^ (int) (g[i] >>> 56);
                int index = x8i | (p8i == 0 ? 0x80 : 0) | (g[lanes + i] >>> 56 == 0 ? 0x100 : 0);
                int symbol = PlaneCodes.PLANE8_SYMBOL[index];
                int length = symbol & 0xFF;
                fields[2 * lanes + i] = s[2 * lanes + i] << length | symbol >>> 8;
                fields[3 * lanes + i] = s[3 * lanes + i] + length;
            }
            return;
        }
        // Plane 8's symbol, as laneSymbols codes a plane: raw `1` + X reversed, pair, single,
        // `00000`, `00001`; zero: its own run `01` unless the run from plane 7 covers it.
        LongVector low = x8.and(x8.neg());
        LongVector lowest = LongVector.zero(LONGS)
                .blend(1, low.and(0xAA).compare(VectorOperators.NE, 0))
                .or(LongVector.zero(LONGS).blend(2, low.and(0xCC).compare(VectorOperators.NE, 0)))
                .or(LongVector.zero(LONGS).blend(4, low.and(0xF0).compare(VectorOperators.NE, 0)));
        VectorMask<Long> allOnes = x8.compare(VectorOperators.EQ, PLANE_MASK);
        VectorMask<Long> planeZero = p8.compare(VectorOperators.EQ, 0).andNot(allOnes);
        VectorMask<Long> ownRun = zero8.andNot(zeroBytes.compare(VectorOperators.LT, 0));
        LongVector code8 = x8.reinterpretAsBytes()
                .lanewise(VectorOperators.REVERSE)
                .reinterpretAsLongs()
                .lanewise(VectorOperators.LSHR, 1)
                .or(0x80)
                .blend(lowest.or(0x10), x8.compare(VectorOperators.EQ, low.add(low.lanewise(VectorOperators.LSHL, 1))))
                .blend(lowest.or(0x18), x8.compare(VectorOperators.EQ, low))
                .blend(0, allOnes)
                .blend(1, planeZero)
                .blend(0, zero8)
                .blend(1, ownRun);
        LongVector length8 = LongVector.broadcast(LONGS, 8)
                .blend(5, allOnes.or(planeZero))
                .blend(0, zero8)
                .blend(2, ownRun);
        LongVector.fromArray(LONGS, s, 2 * lanes)
                .lanewise(VectorOperators.LSHL, length8)
                .or(code8)
                .intoArray(fields, 2 * lanes);
        LongVector.fromArray(LONGS, s, 3 * lanes).add(length8).intoArray(fields, 3 * lanes);
    }
}
