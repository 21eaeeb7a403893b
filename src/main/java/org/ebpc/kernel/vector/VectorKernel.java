package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;
import org.ebpc.bits.BitWriter;
import org.ebpc.kernel.BitDeposit;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * The Vector API kernel for the hot paths, W=8 and W=16 with N=8; every other parameter set
 * goes to {@link ScalarKernel}. Judged only by agreeing with the scalar kernel bit for bit.
 *
 * <p>Encoding is two passes. (1) Zero masking: a vector compare per group of words gives the
 * non-zero mask; the ZNZ symbols come from tables by 16 mask bits at a time (a byte for Z other
 * than 16), and the non-zero words are compacted into a dense array by {@code Long.compress}.
 * (2) Bit-plane coding: several blocks of 8 dense words per vector (a 256-bit register holds 4
 * int8 blocks): deltas and the delta sign by lane-wise
 * subtract and compare, the 8x8 bit transposition of each block by three SWAR delta-swap
 * steps on 64-bit lanes, the DBX planes by a shifted XOR, and a compare that marks zero
 * planes. The plane symbols are then computed in byte lanes (compares and blends) and joined
 * in their 64-bit lane by variable shifts (int8: one block per lane; int16: planes 0-7 and
 * 8-15 of a block in two lanes). Decoding runs the same steps backwards. The transposition
 * is its own inverse.
 *
 * <p>Decoding validates as strictly as the scalar kernel; on any fault it hands the streams to
 * the scalar kernel, which throws the precise {@link MalformedStreamException}.
 */
public final class VectorKernel implements Kernel {

    public static final VectorKernel INSTANCE = new VectorKernel();

    private static final VectorShape SHAPE = chooseShape();
    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_MAX.withShape(SHAPE);
    /** Blocks of 8 words per vector: int8 blocks are 64-bit lanes, int16 blocks two of them. */
    private static final int BLOCKS8 = LONGS.length();
    private static final int BLOCKS16 = Math.max(1, LONGS.length() / 2);
    /**
     * Long inputs are coded in slices, each hot loop in a method called once per slice: C2 then
     * compiles those methods whole, with their loop exits in the profile, instead of compiling a
     * loop that runs once per chunk on-stack and throwing that code away when the loop ends
     * (measured: half the compilations and about 0.3 s less JIT time on a 1 GB file).
     */
    private static final int SLICE_WORDS = 1 << 16;
    private static final int SLICE_BLOCKS = 1 << 13;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7_BYTES = 0x00FF_FFFF_FFFF_FFFFL;
    private static final long[] BYTE_MASK = new long[256];   // 8-bit word mask -> 64-bit byte mask
    /** Per 16-byte block: its 8 low bytes then its 8 high bytes, and back. */
    private static final VectorShuffle<Byte> SPLIT_BYTES;
    private static final VectorShuffle<Byte> MERGE_BYTES;
    /**
     * W=16 decode, within each block of 8 short lanes: UP[t] moves lane i - 2^t to lane i, for
     * the lanes in UP_OK[t] (i - 2^t still in the block); DOWN1 moves lane i + 1 to lane i.
     */
    private static final VectorShuffle<Short>[] UP = newShuffles(3);
    @SuppressWarnings("unchecked")
    private static final VectorMask<Short>[] UP_OK = new VectorMask[3];
    private static final VectorShuffle<Short> DOWN1;
    /** Bit j set for short lanes j = 8b + 0..6: the lanes that have a next word in their block. */
    private static final long HAS_NEXT16;
    private static final int[] RUN16 = PlaneCodes.runSymbols(16, 4);
    /**
     * The int8 block reader's state for a group of BLOCKS8 blocks, field f of block b at
     * f * BLOCKS8 + b: the symbol bytes of a block of the common shape (plane k in byte k), the
     * byte mask of its planes with a whole 8-bit symbol, the planes P of a block read symbol by
     * symbol (0 for the others), X_8 (or P_8 ^ P_7 for a block read symbol by symbol), the
     * checks for wordsGroup8, the base.
     */
    private static final int SYMBOLS_AT = 0;
    private static final int PLANES_AT = BLOCKS8;
    private static final int DONE_AT = 2 * BLOCKS8;
    private static final int TOP_AT = 3 * BLOCKS8;
    private static final int CHECKS_AT = 4 * BLOCKS8;
    private static final int BASES_AT = 5 * BLOCKS8;
    private static final int GROUP_FIELDS = 6;
    /** By the low nibble of a pair (0-7) or single (8-15) symbol byte: its lane-ordered X, 0 where not canonical. */
    private static final ByteVector PAIR_SINGLE_X;

    static {
        for (int m = 0; m < 256; m++) {
            long mask = 0;
            for (int i = 0; i < 8; i++) {
                if ((m >>> i & 1) != 0) {
                    mask |= 0xFFL << (8 * i);
                }
            }
            BYTE_MASK[m] = mask;
        }
        int len = BYTES.length();
        int[] split = new int[len];
        int[] merge = new int[len];
        for (int g = 0; g < len; g += 16) {
            for (int i = 0; i < 8 && g + 2 * i + 1 < len; i++) {
                split[g + i] = g + 2 * i;
                split[g + 8 + i] = g + 2 * i + 1;
                merge[g + 2 * i] = g + i;
                merge[g + 2 * i + 1] = g + 8 + i;
            }
        }
        byte[] pairSingle = new byte[len];
        for (int i = 0; i < len; i++) {
            int e = PlaneCodes.BYTE_SYMBOL8[0x10 | (i & 0x0F)];
            pairSingle[i] = (byte) ((e & 0x100) != 0 ? 0 : e);
        }
        PAIR_SINGLE_X = ByteVector.fromArray(BYTES, pairSingle, 0);
        SPLIT_BYTES = VectorShuffle.fromArray(BYTES, split, 0);
        MERGE_BYTES = VectorShuffle.fromArray(BYTES, merge, 0);
        int lanes = SHORTS.length();
        int[] down = new int[lanes];
        long hasNext = 0;
        for (int j = 0; j < lanes; j++) {
            down[j] = j % 8 < 7 ? j + 1 : j;
            hasNext |= j % 8 < 7 ? 1L << j : 0;
        }
        DOWN1 = VectorShuffle.fromArray(SHORTS, down, 0);
        HAS_NEXT16 = hasNext;
        for (int step = 1; step <= 4; step <<= 1) {
            int[] up = new int[lanes];
            boolean[] ok = new boolean[lanes];
            for (int j = 0; j < lanes; j++) {
                ok[j] = j % 8 >= step;
                up[j] = ok[j] ? j - step : j;
            }
            UP[Integer.numberOfTrailingZeros(step)] = VectorShuffle.fromArray(SHORTS, up, 0);
            UP_OK[Integer.numberOfTrailingZeros(step)] = VectorMask.fromArray(SHORTS, ok, 0);
        }
    }

    /**
     * Per-thread scratch for the compacted non-zero words, reused across calls: allocating and
     * zeroing one per call cost page faults that held back multi-threaded container runs. Only
     * words below m+8 are ever read as data (an explicit store zeroes the padding of the last
     * block); what lies beyond feeds only vector lanes that are ignored.
     */
    private static final ThreadLocal<byte[]> DENSE8 = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<short[]> DENSE16 = ThreadLocal.withInitial(() -> new short[0]);
    /** Per-thread stream buffers, likewise; the streams are copied out at the end. */
    private static final ThreadLocal<byte[]> ZNZ_BUFFER = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<byte[]> BPC_BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

    private VectorKernel() {
    }

    /** The vector shape from ebpc.vectorBits (128, 256 or 512), else the hardware's preferred one. */
    private static VectorShape chooseShape() {
        String bits = System.getProperty("ebpc.vectorBits");
        if (bits == null || bits.isBlank() || bits.equals("preferred")) {
            return VectorShape.preferredShape();
        }
        return switch (bits.strip()) {
            case "128" -> VectorShape.S_128_BIT;
            case "256" -> VectorShape.S_256_BIT;
            case "512" -> VectorShape.S_512_BIT;
            default -> throw new IllegalArgumentException("ebpc.vectorBits must be 128, 256 or 512, not " + bits);
        };
    }

    /** Null if this kernel can run well here, else why not (called by Kernels by reflection). */
    public static String unavailableReason() {
        int hw = VectorShape.preferredShape().vectorBitSize();
        if (hw < 128) {
            return "the hardware's vectors are " + hw + " bits, fewer than 128";
        }
        return null;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public EncodedStreams encode(EbpcParams p, Words in) {
        if (p.blockSize() == 8) {
            if (in instanceof Words.Int8(byte[] a)) {
                return encode8(p, a, 0, a.length);
            }
            if (in instanceof Words.Int16(short[] a)) {
                return encode16(p, a);
            }
        }
        return ScalarKernel.INSTANCE.encode(p, in);
    }

    @Override
    public void decode(EbpcParams p, byte[] znz, byte[] bpc, Words out) throws MalformedStreamException {
        if (p.blockSize() == 8 && (out instanceof Words.Int8 || out instanceof Words.Int16)) {
            try {
                if (out instanceof Words.Int8(byte[] a)) {
                    decode8(p, znz, bpc, a, 0, a.length);
                } else if (out instanceof Words.Int16(short[] a)) {
                    decode16(p, znz, bpc, a);
                }
                return;
            } catch (Invalid | MalformedStreamException e) {
                // The scalar kernel names the fault precisely.
                ScalarKernel.INSTANCE.decode(p, znz, bpc, out);
                throw new IllegalStateException("vector kernel rejected streams the scalar kernel accepts: " + e);
            }
        }
        ScalarKernel.INSTANCE.decode(p, znz, bpc, out);
    }

    @Override
    public EncodedStreams encode(EbpcParams p, Words in, int from, int to) {
        if (p.blockSize() == 8 && in instanceof Words.Int8(byte[] a)) {
            return encode8(p, a, from, to - from);
        }
        return Kernel.super.encode(p, in, from, to);
    }

    @Override
    public void decode(EbpcParams p, byte[] znz, byte[] bpc, Words out, int at, int count) throws MalformedStreamException {
        if (p.blockSize() == 8 && out instanceof Words.Int8(byte[] a)) {
            try {
                decode8(p, znz, bpc, a, at, count);
                return;
            } catch (Invalid | MalformedStreamException e) {
                ScalarKernel.INSTANCE.decode(p, znz, bpc, out, at, count);   // names the fault
                throw new IllegalStateException("vector kernel rejected streams the scalar kernel accepts: " + e);
            }
        }
        Kernel.super.decode(p, znz, bpc, out, at, count);
    }

    /** A fault found on the fast path; the scalar kernel then reports it. */
    private static final class Invalid extends Exception {
        static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super(null, null, false, false);
        }
    }

    // ============================================================================ W = 8 encode

    /** Encodes in[off, off + n). */
    private static EncodedStreams encode8(EbpcParams p, byte[] in, int off, int n) {
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
    private static int compact8(byte[] in, int from, int to, ZnzWriter znz, byte[] dense, int m) {
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
    private static long expectedBpcBits(EbpcParams p, int m) {
        return (long) m * p.wordWidth() + 1024;
    }

    /** Bit i of the result: word at + i is not zero. */
    private static long nonZeroMask64(byte[] a, int at) {
        long mask = 0;
        for (int o = 0; o < 64; o += BYTES.length()) {
            mask |= ByteVector.fromArray(BYTES, a, at + o).compare(VectorOperators.NE, 0).toLong() << o;
        }
        return mask;
    }

    /** Codes blocks [from, to) of 8 dense int8 words: symbols computed and joined in vector lanes. */
    private static void planes8(byte[] dense, int from, int to, BitWriter out) {
        long[] g = new long[2 * BLOCKS8 + 1];   // the blocks' planes, the sign bits, the DBX planes
        long[] s = new long[5 * BLOCKS8];   // see codeGroup8
        int[] sym = PlaneCodes.SYMBOL_BY_INDEX;
        int[] runs = PlaneCodes.RUNS_BY_MASK8;
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
                out.write((long) (dense[8 * (b0 + b)] & 0xFF) << bits1 | s[b], 8 + bits1);
                out.write(s[2 * BLOCKS8 + b] << (e & 0xFF) | e >>> 8, bits2 + (e & 0xFF));
            }
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
    private static void codeGroup8(byte[] dense, int at, long[] g, long[] s) {
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

    /**
     * The plane symbols of 8 planes per 64-bit lane, for all lanes at once, joined in their
     * lane: lane i's planes P are the bytes of g[planesAt + i], its X of g[xAt + i] (P = 0 where
     * a plane byte is 0); s[i] and s[L + i] (L lanes) hold the bytes of the lane's zero-run
     * symbols (code, length; 0 where none) on entry. Code and length of each plane symbol come
     * from compares and blends, no table (raw = 1 + X reversed, single one, pair, all ones,
     * `00001`); each lane's 8 symbols are joined by variable shifts, first plane most
     * significant: s[i] = planes 0-3 (s[L + i] bits), s[2L + i] = planes 4-7 (s[3L + i] bits).
     * Vectors go through the arrays, not parameters: a vector crossing a call C2 did not
     * inline is boxed and the slow Java fallback runs.
     */
    private static void laneSymbols(long[] g, int planesAt, int xAt, long[] s) {
        int lanes = LONGS.length();
        LongVector planes = LongVector.fromArray(LONGS, g, planesAt);
        ByteVector dbx = LongVector.fromArray(LONGS, g, xAt).reinterpretAsBytes();
        // Plane symbols of X = dbx (P = 0 where the plane byte is 0), byte by byte.
        ByteVector x = dbx;
        VectorMask<Byte> zero = x.compare(VectorOperators.EQ, 0);
        VectorMask<Byte> ones = x.compare(VectorOperators.EQ, (byte) PLANE_MASK);
        VectorMask<Byte> planeZero = planes.reinterpretAsBytes().compare(VectorOperators.EQ, 0).andNot(ones);
        ByteVector low = x.and(x.neg());
        ByteVector none = ByteVector.zero(BYTES);
        ByteVector pos = none.blend((byte) 1, low.and((byte) 0xAA).compare(VectorOperators.NE, 0))
                .or(none.blend((byte) 2, low.and((byte) 0xCC).compare(VectorOperators.NE, 0)))
                .or(none.blend((byte) 4, low.and((byte) 0xF0).compare(VectorOperators.NE, 0)));
        VectorMask<Byte> single = x.compare(VectorOperators.EQ, low);
        VectorMask<Byte> pair = x.compare(VectorOperators.EQ, low.add(low.lanewise(VectorOperators.LSHL, 1)));
        ByteVector code = x.lanewise(VectorOperators.REVERSE).lanewise(VectorOperators.LSHR, 1).or((byte) 0x80)
                .blend(pos.or((byte) 0x10), pair)
                .blend(pos.or((byte) 0x18), single)
                .blend((byte) 0, ones)
                .blend((byte) 1, planeZero)
                .blend((byte) 0, zero);
        ByteVector len = ByteVector.broadcast(BYTES, (byte) 8).blend((byte) 5, ones.or(planeZero)).blend((byte) 0, zero);
        LongVector codes = code.reinterpretAsLongs().or(LongVector.fromArray(LONGS, s, 0));
        LongVector lengths = len.reinterpretAsLongs().or(LongVector.fromArray(LONGS, s, lanes));
        // Join each lane's 8 symbols, first plane most significant: planes 0-3, then 4-7.
        LongVector acc1 = LongVector.zero(LONGS);
        LongVector bits1 = LongVector.zero(LONGS);
        LongVector acc2 = LongVector.zero(LONGS);
        LongVector bits2 = LongVector.zero(LONGS);
        for (int k = 0; k < 4; k++) {
            LongVector c = codes.lanewise(VectorOperators.LSHR, 8 * k).and(0xFFL);
            LongVector l = lengths.lanewise(VectorOperators.LSHR, 8 * k).and(0xFFL);
            acc1 = acc1.lanewise(VectorOperators.LSHL, l).or(c);
            bits1 = bits1.add(l);
            LongVector c2 = codes.lanewise(VectorOperators.LSHR, 8 * k + 32).and(0xFFL);
            LongVector l2 = lengths.lanewise(VectorOperators.LSHR, 8 * k + 32).and(0xFFL);
            acc2 = acc2.lanewise(VectorOperators.LSHL, l2).or(c2);
            bits2 = bits2.add(l2);
        }
        acc1.intoArray(s, 0);
        bits1.intoArray(s, lanes);
        acc2.intoArray(s, 2 * lanes);
        bits2.intoArray(s, 3 * lanes);
    }

    private static EncodedStreams finish(EbpcParams p, int n, BitWriter znz, BitWriter bpc) {
        long znzBits = znz.bitLength();
        long bpcBits = bpc.bitLength();
        EncodedStreams s = new EncodedStreams(p, n, znz.finish(p.wordWidth()), znzBits, bpc.finish(p.wordWidth()), bpcBits);
        ZNZ_BUFFER.set(znz.buffer());
        BPC_BUFFER.set(bpc.buffer());
        return s;
    }

    // =========================================================================== W = 16 encode

    private static EncodedStreams encode16(EbpcParams p, short[] in) {
        int n = in.length;
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
            int at = i;
            if (limit < 64) {
                System.arraycopy(in, i, tail, 0, limit);
                src = tail;
                at = 0;
            }
            long mask = 0;
            for (int o = 0; o < 64; o += SHORTS.length()) {
                mask |= ShortVector.fromArray(SHORTS, src, at + o).compare(VectorOperators.NE, 0).toLong() << o;
            }
            znz.chunk(mask);
            for (int j = 0; j < limit; j++) {   // branch-free compaction
                short v = src[at + j];
                dense[m] = v;
                m += (int) (mask >>> j) & 1;
            }
        }
        java.util.Arrays.fill(dense, m, m + 8, (short) 0);   // the padding of the last block (the array is reused)
        BitWriter bpc = new BitWriter(BPC_BUFFER.get(), expectedBpcBits(p, m));
        planes16(dense, (m + 7) / 8, bpc);
        return finish(p, n, znz.finish(-n & 63), bpc);   // finish hands the grown buffers back
    }

    /** Codes blocks of 8 dense int16 words: low and high delta bytes as two 64-bit lanes each. */
    private static void planes16(short[] dense, int blocks, BitWriter out) {
        int lanes = LONGS.length();
        long[] g = new long[2 * lanes + 2];
        long[] s = new long[4 * lanes];
        int[] top = new int[BLOCKS16];
        for (int b0 = 0; b0 < blocks; b0 += BLOCKS16) {
            transposeGroup16(dense, 8 * b0, g);
            long signs = g[2 * lanes];
            long zeroPlanes = g[2 * lanes + 1];
            int count = Math.min(BLOCKS16, blocks - b0);
            for (int b = 0; b < BLOCKS16; b++) {   // every block of the group: the lanes must hold defined values
                long pLo = g[2 * b];
                long pHi = g[2 * b + 1];
                int sign = (int) (signs >>> (8 * b)) & PLANE_MASK;
                int x8 = (int) (pHi & PLANE_MASK) ^ (int) (pLo >>> 56);    // X_8 = P_8 ^ P_7
                g[lanes + 2 * b + 1] = (g[lanes + 2 * b + 1] & ~0xFFL) | x8;
                int x16 = sign ^ (int) (pHi >>> 56);
                int zeros = ((int) (zeroPlanes >>> (16 * b)) & 0xFEFF)
                        | (x8 == 0 ? 1 << 8 : 0) | (x16 == 0 ? 1 << 16 : 0);
                int a = (zeros & 0xFF) * 10 + Integer.numberOfTrailingZeros(~(zeros >>> 8));
                int bi = ((zeros >>> 8 & 0xFF) * 2 + (zeros >>> 7 & 1)) * 2 + (zeros >>> 16 & 1);
                s[2 * b] = PlaneCodes.RUN_CODE_BYTES16A[a];
                s[lanes + 2 * b] = PlaneCodes.RUN_LENGTH_BYTES16A[a];
                s[2 * b + 1] = PlaneCodes.RUN_CODE_BYTES16B[bi];
                s[lanes + 2 * b + 1] = PlaneCodes.RUN_LENGTH_BYTES16B[bi];
                // Plane 16: its own symbol, the one-plane run `01`, or nothing inside a longer run.
                top[b] = (zeros >>> 16 & 1) == 0 ? PlaneCodes.SYMBOL_BY_INDEX[x16 | (-sign >>> 31 ^ 1) << 7]
                        : (zeros >>> 15 & 1) == 0 ? RUN16[1] : 0;
            }
            laneSymbols(g, 0, lanes, s);
            for (int b = 0; b < count; b++) {   // base, planes 0-3; 4-7; 8-11; 12-15 and 16
                int bitsA1 = (int) s[lanes + 2 * b];
                int e = top[b];
                out.write((long) (dense[8 * (b0 + b)] & 0xFFFF) << bitsA1 | s[2 * b], 16 + bitsA1);
                out.write(s[2 * lanes + 2 * b], (int) s[3 * lanes + 2 * b]);
                out.write(s[2 * b + 1], (int) s[lanes + 2 * b + 1]);
                out.write(s[2 * lanes + 2 * b + 1] << (e & 0xFF) | e >>> 8, (int) s[3 * lanes + 2 * b + 1] + (e & 0xFF));
            }
        }
    }

    /**
     * 8x8 bit transpose of each 64-bit lane of a[0..lanes): bit k of byte i goes to bit i of byte
     * k, by three SWAR delta swaps. Its own inverse. Array in, array out, so no vector crosses
     * a call that C2 might not inline (a boxed vector runs the slow Java fallback).
     */
    private static void transposeLanes(long[] a) {
        LongVector x = LongVector.fromArray(LONGS, a, 0);
        LongVector t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 7)).and(0x00AA00AA00AA00AAL);
        x = x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 7));
        t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 14)).and(0x0000CCCC0000CCCCL);
        x = x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 14));
        t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 28)).and(0x00000000F0F0F0F0L);
        x = x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 28));
        x.intoArray(a, 0);
    }

    /** As the first part of {@link #codeGroup8} for BLOCKS16 int16 blocks: lanes 2b, 2b+1 hold block b's low and high planes. */
    private static void transposeGroup16(short[] dense, int at, long[] g) {
        int lanes = LONGS.length();
        ShortVector cur = ShortVector.fromArray(SHORTS, dense, at);
        ShortVector next = ShortVector.fromArray(SHORTS, dense, at + 1);
        long signs = next.compare(VectorOperators.LT, cur).toLong();
        // Lanes 2b and 2b+1: the low and the high bytes of block b's deltas.
        next.sub(cur).reinterpretAsBytes().rearrange(SPLIT_BYTES).reinterpretAsLongs().and(LOW7_BYTES).intoArray(g, 0);
        transposeLanes(g);
        LongVector x = LongVector.fromArray(LONGS, g, 0);
        LongVector dbx = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHL, 8));
        x.intoArray(g, 0);
        dbx.intoArray(g, lanes);
        g[2 * lanes] = signs;
        g[2 * lanes + 1] = dbx.reinterpretAsBytes().compare(VectorOperators.EQ, 0).toLong();
    }

    // ============================================================================ ZNZ stream

    /**
     * Writes the ZNZ stream from 64-word non-zero masks, 8 words (one mask byte) at a time: the
     * zero run carried in is closed by one symbol, and a table gives the bits of the byte from
     * its first to its last non-zero word. Zeros after the last non-zero word carry on.
     */
    private static final class ZnzWriter {
        private final BitWriter out;
        private final int maxRun;
        private final int symbolBits;   // 1 + log2(Z)
        /** By mask byte, or by 16 mask bits for the hardware's Z = 16: see middleTable. */
        private final long[] middle;
        private final int width;        // mask bits a middle lookup takes: 8 or 16
        private long run;               // zeros seen and not yet written

        ZnzWriter(EbpcParams p, int n) {
            out = new BitWriter(ZNZ_BUFFER.get(), n + n / 4 + 1024);   // typical; the writer grows for worse
            maxRun = p.maxZeroRun();
            symbolBits = 1 + p.zeroRunBits();
            width = maxRun == 16 ? 16 : 8;
            middle = maxRun == 16 ? MIDDLE16_Z16 : middleTable(8, maxRun, symbolBits);
        }

        /**
         * For each pattern of {@code width} mask bits: (code << 8) | length of the ZNZ symbols of
         * the words from its first to its last non-zero word.
         */
        static long[] middleTable(int width, int maxRun, int symbolBits) {
            long[] t = new long[1 << width];
            for (int mb = 1; mb < t.length; mb++) {
                long bits = 0;
                int len = 0;
                int last = 31 - Integer.numberOfLeadingZeros(mb);
                for (int i = Integer.numberOfTrailingZeros(mb); i <= last; ) {
                    if ((mb >>> i & 1) != 0) {
                        bits = bits << 1 | 1;
                        len++;
                        i++;
                    } else {
                        int zeros = Integer.numberOfTrailingZeros(mb >>> i);
                        for (int left = zeros; left > 0; left -= Math.min(left, maxRun)) {
                            bits = bits << symbolBits | (Math.min(left, maxRun) - 1);
                            len += symbolBits;
                        }
                        i += zeros;
                    }
                }
                t[mb] = bits << 8 | len;
            }
            return t;
        }

        /**
         * Z = 16 (the hardware's) by 16 mask bits: 512 KB, built once (about 10 ms); half the
         * lookups and writes of the byte table. The ZNZ writer was 29% of int8 encoding; in-process
         * A/B on the int8 trace, 8 runs: -4% to +14%, median +6.5%, best readings higher in 7.
         */
        private static final long[] MIDDLE16_Z16 = middleTable(16, 16, 5);

        /** 64 words; bit i of mask set when word i is not zero. */
        void chunk(long mask) {
            if (width == 16) {
                chunkBy(mask, 16, middle);   // constant widths: C2 unrolls each loop
            } else {
                chunkBy(mask, 8, middle);
            }
        }

        /** {@link #chunk} by {@code w} mask bits at a time, looking up {@code middle} (of width w). */
        private void chunkBy(long mask, int w, long[] middle) {
            long zeros = run;
            for (int g = 0; g < 64; g += w) {
                int mb = (int) (mask >>> g) & ((1 << w) - 1);
                if (mb == 0) {
                    zeros += w;
                    continue;
                }
                zeros += Integer.numberOfTrailingZeros(mb);
                zeros = writeFullSymbols(zeros);   // rare: a run longer than one symbol holds
                int has = (int) (-zeros >>> 63);   // 1 if a run ends here
                long mid = middle[mb];
                int midLen = (int) mid & 0xFF;
                long runCode = (zeros - 1) & -has;
                out.write(runCode << midLen | mid >>> 8, (symbolBits & -has) + midLen);
                zeros = Integer.numberOfLeadingZeros(mb) - (32 - w);
            }
            run = zeros;
        }

        /** Writes the zero run the input ends with, less the {@code padding} zeros of the last chunk. */
        BitWriter finish(int padding) {
            long rest = writeFullSymbols(run - padding);
            if (rest > 0) {
                out.write(rest - 1, symbolBits);
            }
            run = 0;
            return out;
        }

        /** Writes a Z-word symbol while more than Z zeros are left; returns the rest (at most Z). */
        private long writeFullSymbols(long zeros) {
            while (zeros > maxRun) {
                out.write(maxRun - 1, symbolBits);
                zeros -= maxRun;
            }
            return zeros;
        }
    }

    /** Reads the ZNZ stream into a bitmap of non-zero words; returns how many there are. */
    private static int readZnz(EbpcParams p, byte[] znz, int n, long[] bitmap) throws Invalid, MalformedStreamException {
        byte[] padded = BitReader.padded(znz);
        long limit = 8L * znz.length;
        int symbolBits = 1 + p.zeroRunBits();
        int maxRun = p.maxZeroRun();
        long pos = 0;
        int i = 0;
        int m = 0;
        boolean afterShortRun = false;
        while (i < n) {
            if (pos > limit) {
                throw Invalid.INSTANCE;   // truncated: the scalar kernel says where
            }
            // One window: a run of `1` symbols (non-zero words), then the zero-run symbol after it.
            long bits = BitReader.window(padded, pos);
            int ones = Math.min(Long.numberOfLeadingZeros(~bits), 57);
            int take = Math.min(ones, n - i);
            setOnes(bitmap, i, take);
            pos += take;
            i += take;
            m += take;
            afterShortRun &= take == 0;
            if (take < ones || ones + symbolBits > 57 || i == n) {
                continue;
            }
            bits <<= ones;
            int run = (int) (bits >>> (64 - symbolBits)) + 1;   // `0` + (k-1)
            pos += symbolBits;
            if (afterShortRun || run > n - i) {
                throw Invalid.INSTANCE;
            }
            i += run;
            afterShortRun = run < maxRun;
        }
        BitReader in = new BitReader(znz, MalformedStreamException.Stream.ZNZ);
        in.seek(pos);
        in.expectPaddingOnly(p.wordWidth(), "the last word");
        return m;
    }

    /** Sets bits [from, from + count) of the bitmap, count < 64, with no loop (the bitmap has a spare word at its end). */
    private static void setOnes(long[] bitmap, int from, int count) {
        long ones = (1L << count) - 1;
        int bit = from & 63;
        bitmap[from >>> 6] |= ones << bit;
        bitmap[(from >>> 6) + 1] |= ones >>> 1 >>> (63 - bit);
    }

    // ============================================================================ BPC symbols

    /**
     * Reads one W = 16 block ({@link #readBlock8} is W = 8's) from bit {@code pos} of a padded
     * stream: the base into out[3], then the 17 plane symbols, planes 0-7 as the bytes of
     * out[0], 8-15 of out[1], P_16 in out[2]; returns the new position. One lookup a symbol by
     * (plane, next 8 bits) in PlaneCodes.BY_PLANE_FLAGS16 gives its X, flags already in place and
     * the next plane; X goes to byte k of {@code xb} (32 bytes of scratch) and the bytes are
     * read back as two longs at the end, instead of a select per destination (in-process A/B on
     * the float16 trace: +10%). The loop runs as many times as the block has symbols (11 on
     * average there, against 17 planes: the fixed-count loop of readBlock8 was 10% slower here).
     * The planes P_k = X_k ^ P_{k-1}, reset to 0 by the `00001` symbol, come afterwards from a
     * segmented prefix XOR on 64-bit words, and every canonical-form rule is checked once.
     */
    private static long readBlock16(byte[] padded, long pos, long[] out, byte[] xb) throws Invalid {
        long[] fs = PlaneCodes.BY_PLANE_FLAGS16;
        LONG_LE.set(xb, 0, 0L);
        LONG_LE.set(xb, 8, 0L);
        LONG_LE.set(xb, 16, 0L);
        long bits = BitReader.window(padded, pos);
        out[3] = bits >>> 48;
        bits <<= 16;
        int used = 16;
        long f = 0;
        int bad = 0;
        int afterRun = 0;
        int row0 = 0;
        while (row0 != 17 << 8) {
            if (used > 49) {
                pos += used;
                bits = BitReader.window(padded, pos);
                used = 0;
            }
            long fe = fs[row0 | (int) (bits >>> 56)];
            xb[row0 >>> 8] = (byte) (fe >>> 40);
            f |= fe;
            row0 = (int) (fe >>> 40) & 0x1F00;
            int run = (int) (fe >>> 53) & 1;
            bad |= run & afterRun;
            afterRun = run;
            int len = symbolLength16(bits);
            bits <<= len;
            used += len;
        }
        int resets = (int) (f >>> 17) & 0x1FFFF;
        int needsPlane = (int) f & 0x1FFFF;
        bad |= (int) (f >>> 34) & 1;
        long xLo = (long) LONG_LE.get(xb, 0);
        long xHi = (long) LONG_LE.get(xb, 8);
        int xTop = xb[16];
        long pLo = prefixXor(xLo, resets & 0xFF, 0);
        long pHi = prefixXor(xHi, resets >>> 8 & 0xFF, (int) (pLo >>> 56));
        int pTop = (resets >>> 16 & 1) != 0 ? 0 : xTop ^ (int) (pHi >>> 56);
        checkCanonical16(pLo, pHi, pTop, resets, needsPlane, bad);
        out[0] = pLo;
        out[1] = pHi;
        out[2] = pTop;
        return pos + used;
    }

    /**
     * The length of the symbol at the top of {@code bits} (W = 8), from its leading zeros alone:
     * 1xxxxxxx 8, 01 2, 001rrr 6, 0001xppp 8, 0000x 5. Shorter than the table lookup, and this is
     * the serial chain of the decoder.
     */
    private static int symbolLength8(long bits) {
        return (int) (0x58628L >>> (Long.numberOfLeadingZeros(bits | 1L << 59) << 2)) & 0xF;
    }

    /** {@link #symbolLength8} for W = 16, whose run symbols are `001` + 4 bits. */
    private static int symbolLength16(long bits) {
        return (int) (0x58728L >>> (Long.numberOfLeadingZeros(bits | 1L << 59) << 2)) & 0xF;
    }

    /**
     * {@link #readBlock16} for W = 8, without a data-dependent branch: a block has at most 9
     * symbols, so the loop always reads 9; symbols past the block's last plane read the next
     * block's bits and land in row 9 of the by-plane tables, which adds nothing. Each symbol
     * costs two lookups by (plane, next 8 bits): X already in place (PlaneCodes.BY_PLANE_X8),
     * and one long (BY_PLANE_FLAGS8) that holds the flags in place, the symbol's length (summed
     * into the block's length: 0 in row 9) and the row of the next symbol's plane, so the plane
     * count is a lookup, not an add and a clamp (in-process A/B +8%; ~17 instructions a symbol,
     * 31 before the by-plane tables). Its length for the window comes from leading zeros, off
     * the tables: the serial chain window -> length -> window stays short. Two loops around the
     * window refill, not one loop testing for it: measured 2-4% faster.
     */
    private static long readBlock8(byte[] padded, long pos, long[] g, int b) throws Invalid {
        // A window holds 57 sure bits: the base, then planes 0-6's bytes, then planes 7 and 8's.
        long head = BitReader.window(padded, pos);
        long next = BitReader.window(padded, pos + 64);
        long s = BitReader.window(padded, pos + 8) & ~0xFFL | next >>> 56;   // plane k's byte k from the top
        // The common shape (85% of the blocks of real int8 traces, docs/PERFORMANCE.md): k whole
        // 8-bit symbols (raw `1`+X, pair `00010`+p, single `00011`+p) on byte boundaries, then
        // at most one zero run to the block's end. Such a block is read without a symbol loop.
        long t = (s & 0xF0F0_F0F0_F0F0_F0F0L) ^ 0x1010_1010_1010_1010L;
        long pairOrSingle = ~(((t & 0x7F7F_7F7F_7F7F_7F7FL) + 0x7F7F_7F7F_7F7F_7F7FL) | t) & 0x8080_8080_8080_8080L;
        int k = Long.numberOfLeadingZeros(~(s | pairOrSingle) & 0x8080_8080_8080_8080L) >>> 3;
        int length;
        int top = 0;   // the byte of plane 8's symbol, if it is a whole 8-bit one (k = 9)
        if (k < 8) {
            if (((int) (s >>> (58 - 8 * k)) & 0x3F) != 15 - k) {   // `001` + (9 - k - 2): the rest in one run
                return readBlock8Symbols(padded, pos, g, b);
            }
            length = 14 + 8 * k;
        } else {
            top = (int) (next >>> 48) & 0xFF;
            if (top >= 0x80 || top >>> 4 == 1) {
                k = 9;
                length = 80;
            } else if (top >>> 6 == 1) {   // `01`: plane 8 alone is zero
                length = 74;
            } else {
                return readBlock8Symbols(padded, pos, g, b);
            }
        }
        int planes = (1 << k) - 1;   // the planes with a whole 8-bit symbol: each needs P != 0
        int eTop = k == 9 ? PlaneCodes.BYTE_SYMBOL8[top] : 0;
        g[SYMBOLS_AT + b] = Long.reverseBytes(s);   // plane k's symbol in byte k: X comes in the group's vector pass
        g[PLANES_AT + b] = Compaction.BYTE_MASK[planes & 0xFF];
        g[DONE_AT + b] = 0;
        g[TOP_AT + b] = eTop & PLANE_MASK;
        g[CHECKS_AT + b] = planes | (long) (eTop >>> 8) << 18;
        g[BASES_AT + b] = head >>> 56;
        return pos + length;
    }

    /** {@link #readBlock8} for any block shape: one symbol at a time. */
    private static long readBlock8Symbols(byte[] padded, long pos, long[] g, int b) throws Invalid {
        long[] xs = PlaneCodes.BY_PLANE_X8;
        long[] fs = PlaneCodes.BY_PLANE_FLAGS8;
        long bits = BitReader.window(padded, pos);
        g[BASES_AT + b] = bits >>> 56;
        bits <<= 8;
        int used = 8;     // bits taken from the window, past the block's end included
        int end = 8;      // bits of this block
        long x7 = 0;      // X_k in bits 7k..7k+6
        long f = 0;       // flags, see PlaneCodes.BY_PLANE_FLAGS8
        int row0 = 0;     // 256 x the plane the next symbol starts at (9: past the block)
        for (int s = 0; s < 4; s++) {   // base + 4 symbols: at most 40 bits of the window
            int row = row0 | (int) (bits >>> 56);
            x7 |= xs[row];
            long fe = fs[row];
            f |= fe;
            end += (int) (fe >>> 60);
            row0 = (int) (fe >>> 40) & 0xF00;
            int len = symbolLength8(bits);
            bits <<= len;
            used += len;
        }
        bits = BitReader.window(padded, pos + used);
        for (int s = 0; s < 5; s++) {   // 5 more symbols: at most 40 bits
            int row = row0 | (int) (bits >>> 56);
            x7 |= xs[row];
            long fe = fs[row];
            f |= fe;
            end += (int) (fe >>> 60);
            row0 = (int) (fe >>> 40) & 0xF00;
            int len = symbolLength8(bits);
            bits <<= len;
        }
        int bad = (int) (f >>> 18) & 1;                  // an invalid symbol, or a run past plane 8
        bad |= (int) (f >>> 20 & f >>> 30) & 0x3FF;      // a run starts where one ends: one longer run is shorter
        int resets = (int) (f >>> 9) & 0x1FF;            // `00001`: P_k = 0
        int needsPlane = (int) f & 0x1FF;                // raw, pair, single: P_k != 0
        long pLo = prefixXor(spread7(x7), resets & 0xFF, 0);
        int xTop = (int) (x7 >>> 56) & PLANE_MASK;
        int pTop = (resets & 0x100) != 0 ? 0 : xTop ^ (int) (pLo >>> 56);
        g[SYMBOLS_AT + b] = 0;   // nothing left for the group's vector pass: the planes are done
        g[PLANES_AT + b] = 0;
        g[DONE_AT + b] = pLo;
        g[TOP_AT + b] = pTop ^ (int) (pLo >>> 56) & PLANE_MASK;
        g[CHECKS_AT + b] = needsPlane | resets << 9 | (long) bad << 18;   // checked per group: wordsGroup8
        return pos + end;
    }

    /**
     * The eight 7-bit fields of {@code x} (bits 7k..7k+6) moved to bytes k: what
     * {@code Long.expand(x, 0x7F7F7F7F7F7F7F7FL)} gives, by three shift-and-mask steps, fast on
     * every CPU (PDEP is microcoded on AMD before Zen 3).
     */
    static long spread7(long x) {
        x = (x & 0x0FFF_FFFFL) | ((x & 0x00FF_FFFF_F000_0000L) << 4);
        x = (x & 0x0000_3FFF_0000_3FFFL) | ((x & 0x0FFF_C000_0FFF_C000L) << 2);
        return (x & 0x007F_007F_007F_007FL) | ((x & 0x3F80_3F80_3F80_3F80L) << 1);
    }

    /**
     * Throws unless a W = 16 block's symbols were the canonical ones, given its planes (P_0..7 as
     * the bytes of pLo, P_8..15 of pHi, P_16 in pTop), the planes coded `00001` (resets), those
     * coded raw, pair or single (needsPlane), and what the symbol loop found ({@code bad}).
     * (W = 8 applies the same rules to a group of blocks at once, in wordsGroup8.)
     */
    private static void checkCanonical16(long pLo, long pHi, int pTop, int resets, int needsPlane, int bad)
            throws Invalid {
        long allOnes = 0x7F7F7F7F7F7F7F7FL;
        int topZero = -pTop >>> 31 ^ 1;
        int topEdge = topZero | (-(pTop ^ PLANE_MASK) >>> 31 ^ 1);
        int planeZero = zeroBytes(pLo) | zeroBytes(pHi) << 8 | topZero << 16;
        int zeroOrAllOnes = planeZero | zeroBytes(pLo ^ allOnes) | zeroBytes(pHi ^ allOnes) << 8 | topEdge << 16;
        bad |= needsPlane & planeZero;                  // P = 0 has a shorter symbol
        bad |= resets & (zeroOrAllOnes << 1 | 1);       // `00001` where X would be 0 or all ones
        if (bad != 0) {
            throw Invalid.INSTANCE;
        }
    }

    /**
     * P_k = X_k ^ P_{k-1} over the 8 bytes of {@code x}, starting from {@code carry}, with
     * P_k = 0 where bit k of {@code resets} is set (its X byte is 0): the prefix XOR q, minus
     * q at the last reset at or before each byte, filled forward in three doubling steps.
     */
    private static long prefixXor(long x, int resets, int carry) {
        x ^= (resets & 1) != 0 ? 0 : carry;
        long q = x;
        q ^= q << 8;
        q ^= q << 16;
        q ^= q << 32;
        long has = BYTE_MASK[resets];
        long fill = q & has;
        fill |= (fill << 8) & ~has;
        has |= has << 8;
        fill |= (fill << 16) & ~has;
        has |= has << 16;
        fill |= (fill << 32) & ~has;
        return q ^ fill;
    }

    /** Bit i set where byte i of v (each at most 0x7F) is zero. */
    private static int zeroBytes(long v) {
        long z = ~((v + 0x7F7F7F7F7F7F7F7FL) | v) & 0x8080808080808080L;
        return (int) (((z >>> 7) * 0x0102040810204080L) >>> 56);
    }

    // ============================================================================ W = 8 decode

    /** Decodes n words into out[at, at + n). */
    private static void decode8(EbpcParams p, byte[] znz, byte[] bpc, byte[] out, int at, int n)
            throws Invalid, MalformedStreamException {
        long[] bitmap = new long[(n + 63) / 64 + 1];
        int m = readZnz(p, znz, n, bitmap);
        int blocks = (m + 7) / 8;
        byte[] dense = new byte[8 * blocks + 16 + 2 * BYTES.length()];
        byte[] padded = BitReader.padded(bpc);
        long pos = 0;
        for (int from = 0; from < blocks; from += SLICE_BLOCKS) {
            pos = readBlocks8(padded, 8L * bpc.length, pos, from, Math.min(blocks, from + SLICE_BLOCKS), m, dense);
        }
        BitReader in = new BitReader(bpc, MalformedStreamException.Stream.BPC);
        in.seek(pos);
        in.expectPaddingOnly(8, "the last block");
        Compaction.expand8(bitmap, dense, out, at, n);
    }

    /**
     * Reads blocks [from, to) (from a multiple of BLOCKS8) from bit {@code pos} into dense words;
     * returns the new position. {@code m} is the number of non-zero words, for the padding check.
     */
    private static long readBlocks8(byte[] padded, long limit, long pos, int from, int to, int m, byte[] dense) throws Invalid {
        long[] planes = new long[BLOCKS8];
        long[] g = new long[GROUP_FIELDS * BLOCKS8];
        for (int b0 = from; b0 < to; b0 += BLOCKS8) {
            int count = Math.min(BLOCKS8, to - b0);
            for (int b = 0; b < BLOCKS8; b++) {
                if (b < count) {
                    if (pos > limit) {
                        throw Invalid.INSTANCE;   // truncated: the scalar kernel says where
                    }
                    pos = readBlock8(padded, pos, g, b);
                } else {
                    for (int f = 0; f < GROUP_FIELDS; f++) {
                        g[f * BLOCKS8 + b] = 0;
                    }
                }
            }
            wordsOfGroup8(g, planes, m - 8 * b0, dense, 8 * b0);
        }
        return pos;
    }

    /**
     * The words of a group of BLOCKS8 blocks read by readBlock8 into {@code g}: first the X of
     * every whole 8-bit symbol at once, one byte lane per plane (raw `1`+X is X bit-reversed;
     * pair and single come from a 16-entry table by the low nibble), each symbol checked to be
     * the canonical one for its X, and the planes P_k by a prefix XOR; then wordsGroup8.
     */
    private static void wordsOfGroup8(long[] g, long[] planes, int valid, byte[] dense, int at) throws Invalid {
        ByteVector symbols = LongVector.fromArray(LONGS, g, SYMBOLS_AT).reinterpretAsBytes();
        VectorMask<Byte> inBlock = LongVector.fromArray(LONGS, g, PLANES_AT).reinterpretAsBytes().compare(VectorOperators.NE, 0);
        VectorMask<Byte> raw = symbols.compare(VectorOperators.LT, (byte) 0);
        ByteVector x = symbols.and((byte) 0x0F).selectFrom(PAIR_SINGLE_X)
                .blend(symbols.lanewise(VectorOperators.REVERSE).lanewise(VectorOperators.LSHR, 1).and((byte) PLANE_MASK), raw);
        x = x.blend((byte) 0, inBlock.not());
        ByteVector low = x.and(x.neg());
        VectorMask<Byte> shorter = x.compare(VectorOperators.EQ, (byte) PLANE_MASK).or(x.compare(VectorOperators.EQ, low))
                .or(x.compare(VectorOperators.EQ, low.add(low.lanewise(VectorOperators.LSHL, 1))));
        if (x.compare(VectorOperators.EQ, (byte) 0).or(shorter.and(raw)).and(inBlock).anyTrue()) {
            throw Invalid.INSTANCE;
        }
        LongVector xl = x.reinterpretAsLongs();
        LongVector p = xl.lanewise(VectorOperators.XOR, xl.lanewise(VectorOperators.LSHL, 8));
        p = p.lanewise(VectorOperators.XOR, p.lanewise(VectorOperators.LSHL, 16));
        p = p.lanewise(VectorOperators.XOR, p.lanewise(VectorOperators.LSHL, 32));
        p.or(LongVector.fromArray(LONGS, g, DONE_AT)).intoArray(planes, 0);
        long signs = 0;   // P_8 of each block in byte b
        for (int b = 0; b < BLOCKS8; b++) {
            signs |= ((g[TOP_AT + b] ^ planes[b] >>> 56) & PLANE_MASK) << (8 * b);
        }
        if (!wordsGroup8(planes, g, signs, valid, dense, at)) {
            throw Invalid.INSTANCE;
        }
    }

    /**
     * The vector part of int8 block decoding, for BLOCKS8 blocks: the planes transposed back to
     * delta bytes, byte-wise prefix sums from the bases (SWAR adds with no carry between bytes),
     * and the canonical checks: the symbols fit the planes ({@code checks[b]} from readBlock8,
     * the rules of checkCanonical16 for all blocks at once: in-process A/B +2-4% over a check per
     * block), each delta's sign (plane 8) matches the words, so no delta wrapped; words before
     * {@code valid} are non-zero and the padding after it is zero.
     */
    private static boolean wordsGroup8(long[] planes, long[] g, long signs, int valid, byte[] dense, int at) {
        long low7 = 0x7F7F7F7F7F7F7F7FL;
        // The canonical-form checks of checkCanonical16, for all blocks at once: which planes are
        // 0 or all ones, from two byte compares; P_8 is byte b of signs.
        ByteVector planeBytes = LongVector.fromArray(LONGS, planes, 0).reinterpretAsBytes();
        long zero = planeBytes.compare(VectorOperators.EQ, 0).toLong();
        long ones = planeBytes.compare(VectorOperators.EQ, (byte) PLANE_MASK).toLong();
        int topZero = zeroBytes(signs);
        int topOnes = zeroBytes(signs ^ low7);
        long bad = 0;
        for (int b = 0; b < BLOCKS8; b++) {
            long c = g[CHECKS_AT + b];   // needs P != 0 (bits 0-8), `00001` (9-17), symbol faults (18-)
            int planeZero = (int) (zero >>> (8 * b)) & 0xFF | (topZero >>> b & 1) << 8;
            int zeroOrAllOnes = planeZero | (int) (ones >>> (8 * b)) & 0xFF | (topOnes >>> b & 1) << 8;
            bad |= c >>> 18 | c & planeZero | (c >>> 9) & (zeroOrAllOnes << 1 | 1) & 0x1FF;
        }
        transposeLanes(planes);
        LongVector x = LongVector.fromArray(LONGS, planes, 0);
        LongVector v = x.lanewise(VectorOperators.LSHL, 8).or(LongVector.fromArray(LONGS, g, BASES_AT));
        for (int shift = 8; shift <= 32; shift <<= 1) {
            LongVector b = v.lanewise(VectorOperators.LSHL, shift);
            LongVector sum = v.and(low7).add(b.and(low7));
            v = sum.lanewise(VectorOperators.XOR, v.lanewise(VectorOperators.XOR, b).and(~low7));
        }
        ByteVector words = v.reinterpretAsBytes();
        ByteVector next = v.lanewise(VectorOperators.LSHR, 8).reinterpretAsBytes();
        long lt = next.compare(VectorOperators.LT, words).toLong() & 0x7F7F7F7F7F7F7F7FL;
        long zeros = words.compare(VectorOperators.EQ, 0).toLong();
        long expected = valid >= 64 ? 0 : -1L << valid;
        if (BLOCKS8 < 8) {
            expected &= (1L << (8 * BLOCKS8)) - 1;
        }
        words.intoArray(dense, at);
        return lt == signs && zeros == expected && bad == 0;
    }

    // =========================================================================== W = 16 decode

    private static void decode16(EbpcParams p, byte[] znz, byte[] bpc, short[] out) throws Invalid, MalformedStreamException {
        int n = out.length;
        long[] bitmap = new long[(n + 63) / 64 + 1];
        int m = readZnz(p, znz, n, bitmap);
        int blocks = (m + 7) / 8;
        short[] dense = new short[8 * blocks + 16 + 2 * SHORTS.length()];
        int perVector = SHORTS.length() / 8;
        long[] planes = new long[LONGS.length()];
        short[] baseLanes = new short[SHORTS.length()];
        byte[] padded = BitReader.padded(bpc);
        long limit = 8L * bpc.length;
        long pos = 0;
        long[] three = new long[4];
        byte[] xb = new byte[32];   // readBlock16's X bytes
        for (int b0 = 0; b0 < blocks; b0 += perVector) {
            int count = Math.min(perVector, blocks - b0);
            long signs = 0;
            for (int b = 0; b < perVector; b++) {
                if (b < count) {
                    if (pos > limit) {
                        throw Invalid.INSTANCE;
                    }
                    pos = readBlock16(padded, pos, three, xb);
                    baseLanes[8 * b] = (short) three[3];
                    planes[2 * b] = three[0];
                    planes[2 * b + 1] = three[1];
                    signs |= (three[2] & PLANE_MASK) << (8 * b);
                } else {
                    baseLanes[8 * b] = 0;
                    planes[2 * b] = 0;
                    planes[2 * b + 1] = 0;
                }
            }
            if (!wordsGroup16(planes, baseLanes, signs, m - 8 * b0, dense, 8 * b0)) {
                throw Invalid.INSTANCE;
            }
        }
        BitReader in = new BitReader(bpc, MalformedStreamException.Stream.BPC);
        in.seek(pos);
        in.expectPaddingOnly(16, "the last block");
        expand16(bitmap, dense, out);
    }

    private static final java.lang.foreign.ValueLayout.OfLong LE_LONG =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** 4-bit word mask -> 64-bit mask of those 16-bit words. */
    private static final long[] SHORT_MASK = new long[16];

    static {
        for (int m = 0; m < 16; m++) {
            for (int i = 0; i < 4; i++) {
                SHORT_MASK[m] |= (m >>> i & 1) != 0 ? 0xFFFFL << (16 * i) : 0;
            }
        }
    }

    /** Puts the dense words where the bitmap says, zeros elsewhere: four words per Long.expand. */
    private static void expand16(long[] bitmap, short[] dense, short[] out) {
        int n = out.length;
        int j = 0;
        int i = 0;
        java.lang.foreign.MemorySegment from = java.lang.foreign.MemorySegment.ofArray(dense);
        java.lang.foreign.MemorySegment to = java.lang.foreign.MemorySegment.ofArray(out);
        if (BitDeposit.FAST) {
            for (; i + 4 <= n; i += 4) {   // dense has room for the 4-word read past its last word
                int mb = (int) (bitmap[i >>> 6] >>> (i & 63)) & 0xF;
                to.set(LE_LONG, 2L * i, Long.expand(from.get(LE_LONG, 2L * j), SHORT_MASK[mb]));
                j += Integer.bitCount(mb);
            }
        }
        for (; i < n; i++) {   // every word of out is written, whatever it held
            int bit = (int) (bitmap[i >>> 6] >>> (i & 63)) & 1;
            out[i] = (short) (dense[j] & -bit);
            j += bit;
        }
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Short>[] newShuffles(int n) {
        return new VectorShuffle[n];
    }

    /**
     * The words of a group of W=16 blocks in vector lanes (8 short lanes a block): the planes
     * transposed back to deltas, then prefix sums from the bases ({@code baseLanes}: base at lane
     * 8b, else 0) in three shifted, masked adds; checks as in wordsGroup8: each delta's sign
     * matches the words ({@code signs}: bit 8b+i = sign of d_i), words before {@code valid} are
     * non-zero and the padding after it is zero.
     */
    private static boolean wordsGroup16(long[] planes, short[] baseLanes, long signs, int valid, short[] dense, int at) {
        transposeLanes(planes);
        ShortVector d = LongVector.fromArray(LONGS, planes, 0).reinterpretAsBytes().rearrange(MERGE_BYTES).reinterpretAsShorts();
        ShortVector v = d.rearrange(UP[0], UP_OK[0]).add(ShortVector.fromArray(SHORTS, baseLanes, 0));   // base, d_0..d_6
        v = v.add(v.rearrange(UP[0]), UP_OK[0]);
        v = v.add(v.rearrange(UP[1]), UP_OK[1]);
        v = v.add(v.rearrange(UP[2]), UP_OK[2]);
        long lt = v.rearrange(DOWN1).compare(VectorOperators.LT, v).toLong() & HAS_NEXT16;
        long zeros = v.compare(VectorOperators.EQ, 0).toLong();
        int lanes = SHORTS.length();
        long expected = valid >= lanes ? 0 : -1L << valid;
        if (lanes < 64) {
            expected &= (1L << lanes) - 1;
        }
        v.intoArray(dense, at);
        return lt == signs && zeros == expected;
    }
}
