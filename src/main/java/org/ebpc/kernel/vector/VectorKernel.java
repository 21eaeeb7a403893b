package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.KIND_ALL_ONES;
import static org.ebpc.kernel.vector.PlaneCodes.KIND_PLANE_ZERO;
import static org.ebpc.kernel.vector.PlaneCodes.KIND_RAW;
import static org.ebpc.kernel.vector.PlaneCodes.KIND_RUN;
import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;
import org.ebpc.bits.BitWriter;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * The Vector API kernel for the hot paths, W=8 and W=16 with N=8; every other parameter set
 * goes to {@link ScalarKernel}. Judged only by agreeing with the scalar kernel bit for bit.
 *
 * <p>Encoding is two passes. (1) Zero masking: a vector compare per group of words gives the
 * non-zero mask; the ZNZ stream is written run by run from the mask, and the non-zero words
 * are compacted into a dense array. (2) Bit-plane coding: several blocks of 8 dense words per
 * vector (a 256-bit register holds 4 int8 blocks): deltas and the delta sign by lane-wise
 * subtract and compare, the 8x8 bit transposition of each block by three SWAR delta-swap
 * steps on 64-bit lanes, the DBX planes by a shifted XOR, and a compare that marks zero
 * planes. The symbols then come from tables, one lookup per plane. Decoding runs the same
 * steps backwards. The transposition is its own inverse.
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

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7_BYTES = 0x00FF_FFFF_FFFF_FFFFL;
    private static final long[] BYTE_MASK = new long[256];   // 8-bit word mask -> 64-bit byte mask
    /** Per 16-byte block: its 8 low bytes then its 8 high bytes, and back. */
    private static final VectorShuffle<Byte> SPLIT_BYTES;
    private static final VectorShuffle<Byte> MERGE_BYTES;
    private static final int[] RUN8 = PlaneCodes.runSymbols(8, 3);
    private static final int[] RUN16 = PlaneCodes.runSymbols(16, 4);
    private static final int[] DECODE8 = PlaneCodes.decodeTable(3);
    private static final int[] DECODE16 = PlaneCodes.decodeTable(4);

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
        SPLIT_BYTES = VectorShuffle.fromArray(BYTES, split, 0);
        MERGE_BYTES = VectorShuffle.fromArray(BYTES, merge, 0);
    }

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

    /** The vector width in use, in bits. */
    public static int vectorBits() {
        return SHAPE.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public EncodedStreams encode(EbpcParams p, Words in) {
        if (p.blockSize() == 8) {
            if (in instanceof Words.Int8(byte[] a)) {
                return encode8(p, a);
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
                    decode8(p, znz, bpc, a);
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

    /** A fault found on the fast path; the scalar kernel then reports it. */
    private static final class Invalid extends Exception {
        static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super(null, null, false, false);
        }
    }

    // ============================================================================ W = 8 encode

    private static EncodedStreams encode8(EbpcParams p, byte[] in) {
        int n = in.length;
        ZnzWriter znz = new ZnzWriter(p, n);
        // Dense non-zero words, then zeros: room for the padded last block and vector loads.
        byte[] dense = new byte[n + 16 + 2 * BYTES.length()];
        byte[] tail = new byte[64 + 8];
        int m = 0;
        for (int i = 0; i < n; i += 64) {
            int limit = Math.min(64, n - i);
            byte[] src = in;
            int at = i;
            if (limit < 64) {   // the last partial chunk goes through a zero-padded copy
                System.arraycopy(in, i, tail, 0, limit);
                src = tail;
                at = 0;
            }
            long mask = nonZeroMask64(src, at);
            znz.chunk(mask, limit);
            for (int g = 0; g < 64 && g < limit; g += 8) {
                int mb = (int) (mask >>> g) & 0xFF;
                long words = (long) LONG_LE.get(src, at + g);
                LONG_LE.set(dense, m, Long.compress(words, BYTE_MASK[mb]));
                m += Integer.bitCount(mb);
            }
        }
        BitWriter bpc = new BitWriter(p.maxBpcBits(m));
        planes8(dense, (m + 7) / 8, bpc);
        return finish(p, n, znz.finish(), bpc);
    }

    /** Bit i of the result: word at + i is not zero. */
    private static long nonZeroMask64(byte[] a, int at) {
        long mask = 0;
        for (int o = 0; o < 64; o += BYTES.length()) {
            mask |= ByteVector.fromArray(BYTES, a, at + o).compare(VectorOperators.NE, 0).toLong() << o;
        }
        return mask;
    }

    /** Codes {@code blocks} blocks of 8 dense int8 words, BLOCKS8 per vector. */
    private static void planes8(byte[] dense, int blocks, BitWriter out) {
        long[] planes = new long[BLOCKS8];
        long[] dbx = new long[BLOCKS8];
        for (int b0 = 0; b0 < blocks; b0 += BLOCKS8) {
            ByteVector cur = ByteVector.fromArray(BYTES, dense, 8 * b0);
            ByteVector next = ByteVector.fromArray(BYTES, dense, 8 * b0 + 1);
            // Byte i of a lane: d_i = v_{i+1} - v_i (low 8 bits); byte 7 crosses blocks, dropped.
            long signs = next.compare(VectorOperators.LT, cur).toLong();  // bit 8 of each delta
            LongVector d = next.sub(cur).reinterpretAsLongs().and(LOW7_BYTES);
            LongVector p = transpose(d);                                  // byte k = plane P_k
            LongVector x = p.lanewise(VectorOperators.XOR, p.lanewise(VectorOperators.LSHL, 8));
            long zeroPlanes = x.reinterpretAsBytes().compare(VectorOperators.EQ, 0).toLong();
            p.intoArray(planes, 0);
            x.intoArray(dbx, 0);
            int count = Math.min(BLOCKS8, blocks - b0);
            for (int b = 0; b < count; b++) {
                int sign = (int) (signs >>> (8 * b)) & PLANE_MASK;
                int x8 = sign ^ (int) (planes[b] >>> 56);
                int zeros = ((int) (zeroPlanes >>> (8 * b)) & 0xFF) | (x8 == 0 ? 1 << 8 : 0);
                out.write(dense[8 * (b0 + b)], 8);
                writePlanes(out, 8, RUN8, zeros, dbx[b], planes[b], 0, 0, x8, sign);
            }
        }
    }

    /**
     * Writes the W+1 plane symbols of one block. Planes 0-7 come as bytes of (xLo, pLo), planes
     * 8-15 of (xHi, pHi), plane W as (xTop, pTop); bit k of {@code zeros} marks X_k = 0.
     */
    private static void writePlanes(BitWriter out, int w, int[] runs, int zeros,
                                    long xLo, long pLo, long xHi, long pHi, int xTop, int pTop) {
        int k = 0;
        while (k <= w) {
            if ((zeros >>> k & 1) != 0) {
                int r = Integer.numberOfTrailingZeros(~(zeros >>> k));
                int e = runs[r];
                out.write(e >>> 8, e & 0xFF);
                k += r;
                continue;
            }
            int x;
            int plane;
            if (k < 8) {
                x = (int) (xLo >>> (8 * k)) & PLANE_MASK;
                plane = (int) (pLo >>> (8 * k)) & PLANE_MASK;
            } else if (k < w) {
                x = (int) (xHi >>> (8 * (k - 8))) & PLANE_MASK;
                plane = (int) (pHi >>> (8 * (k - 8))) & PLANE_MASK;
            } else {
                x = xTop;
                plane = pTop;
            }
            int e = plane == 0 && x != PLANE_MASK ? PlaneCodes.PLANE_ZERO : PlaneCodes.SYMBOL[x];
            out.write(e >>> 8, e & 0xFF);
            k++;
        }
    }

    /** 8x8 bit transpose of each 64-bit lane: bit j of byte i goes to bit i of byte j. */
    private static LongVector transpose(LongVector x) {
        x = deltaSwap(x, 7, 0x00AA00AA00AA00AAL);
        x = deltaSwap(x, 14, 0x0000CCCC0000CCCCL);
        return deltaSwap(x, 28, 0x00000000F0F0F0F0L);
    }

    private static LongVector deltaSwap(LongVector x, int shift, long mask) {
        LongVector t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, shift)).and(mask);
        return x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, shift));
    }

    private static EncodedStreams finish(EbpcParams p, int n, BitWriter znz, BitWriter bpc) {
        long znzBits = znz.bitLength();
        long bpcBits = bpc.bitLength();
        return new EncodedStreams(p, n, znz.finish(p.wordWidth()), znzBits, bpc.finish(p.wordWidth()), bpcBits);
    }

    // =========================================================================== W = 16 encode

    private static EncodedStreams encode16(EbpcParams p, short[] in) {
        int n = in.length;
        ZnzWriter znz = new ZnzWriter(p, n);
        short[] dense = new short[n + 16 + 2 * SHORTS.length()];
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
            znz.chunk(mask, limit);
            for (int j = 0; j < limit; j++) {   // branch-free compaction
                short v = src[at + j];
                dense[m] = v;
                m += (int) (mask >>> j) & 1;
            }
        }
        dense[m] = 0;   // the compaction stores one word past m
        BitWriter bpc = new BitWriter(p.maxBpcBits(m));
        planes16(dense, (m + 7) / 8, bpc);
        return finish(p, n, znz.finish(), bpc);
    }

    /** Codes blocks of 8 dense int16 words: low and high delta bytes as two 64-bit lanes each. */
    private static void planes16(short[] dense, int blocks, BitWriter out) {
        long[] planes = new long[LONGS.length()];
        long[] dbx = new long[LONGS.length()];
        int perVector = SHORTS.length() / 8;
        for (int b0 = 0; b0 < blocks; b0 += perVector) {
            ShortVector cur = ShortVector.fromArray(SHORTS, dense, 8 * b0);
            ShortVector next = ShortVector.fromArray(SHORTS, dense, 8 * b0 + 1);
            long signs = next.compare(VectorOperators.LT, cur).toLong();
            // Lanes 2b and 2b+1: the low and the high bytes of block b's deltas.
            LongVector d = next.sub(cur).reinterpretAsBytes().rearrange(SPLIT_BYTES).reinterpretAsLongs().and(LOW7_BYTES);
            LongVector p = transpose(d);
            LongVector x = p.lanewise(VectorOperators.XOR, p.lanewise(VectorOperators.LSHL, 8));
            long zeroPlanes = x.reinterpretAsBytes().compare(VectorOperators.EQ, 0).toLong();
            p.intoArray(planes, 0);
            x.intoArray(dbx, 0);
            int count = Math.min(perVector, blocks - b0);
            for (int b = 0; b < count; b++) {
                long pLo = planes[2 * b];
                long pHi = planes[2 * b + 1];
                int sign = (int) (signs >>> (8 * b)) & PLANE_MASK;
                int x8 = (int) (pHi & PLANE_MASK) ^ (int) (pLo >>> 56);    // X_8 = P_8 ^ P_7
                long xHi = (dbx[2 * b + 1] & ~0xFFL) | x8;
                int x16 = sign ^ (int) (pHi >>> 56);
                int zeros = ((int) (zeroPlanes >>> (16 * b)) & 0xFEFF)
                        | (x8 == 0 ? 1 << 8 : 0) | (x16 == 0 ? 1 << 16 : 0);
                out.write(dense[8 * (b0 + b)], 16);
                writePlanes(out, 16, RUN16, zeros, dbx[2 * b], pLo, xHi, pHi, x16, sign);
            }
        }
    }

    // ============================================================================ ZNZ stream

    /** Writes the ZNZ stream from 64-word non-zero masks, one run at a time. */
    private static final class ZnzWriter {
        private final BitWriter out;
        private final int maxRun;
        private final int symbolBits;   // 1 + log2(Z)
        private long zeroRun;           // zeros seen and not yet written

        ZnzWriter(EbpcParams p, int n) {
            out = new BitWriter(p.maxZnzBits(n));
            maxRun = p.maxZeroRun();
            symbolBits = 1 + p.zeroRunBits();
        }

        /** Words 0..limit-1 of a chunk; bit i of mask set when word i is not zero. */
        void chunk(long mask, int limit) {
            int pos = 0;
            while (pos < limit) {
                long m = mask >>> pos;
                if ((m & 1) != 0) {
                    if (zeroRun > 0) {
                        flushZeros();
                    }
                    int ones = Math.min(Long.numberOfTrailingZeros(~m), limit - pos);
                    out.writeOnes(ones);   // one `1` per non-zero word
                    pos += ones;
                } else {
                    int zeros = Math.min(Long.numberOfTrailingZeros(m), limit - pos);
                    zeroRun += zeros;
                    pos += zeros;
                }
            }
        }

        /** A run of zeros: symbols of Z, the remainder last; each `0` + (k-1). */
        private void flushZeros() {
            while (zeroRun > maxRun) {
                out.write(maxRun - 1, symbolBits);
                zeroRun -= maxRun;
            }
            out.write(zeroRun - 1, symbolBits);
            zeroRun = 0;
        }

        BitWriter finish() {
            if (zeroRun > 0) {
                flushZeros();
            }
            return out;
        }
    }

    /** Reads the ZNZ stream into a bitmap of non-zero words; returns how many there are. */
    private static int readZnz(EbpcParams p, byte[] znz, int n, long[] bitmap) throws Invalid, MalformedStreamException {
        BitReader in = new BitReader(znz, MalformedStreamException.Stream.ZNZ);
        int symbolBits = 1 + p.zeroRunBits();
        int maxRun = p.maxZeroRun();
        int i = 0;
        int m = 0;
        boolean afterShortRun = false;
        while (i < n) {
            long ahead = in.peek(57);
            int ones = Long.numberOfLeadingZeros(~(ahead << 7));
            if (ones > 0) {
                int take = Math.min(ones, n - i);
                in.skip(take);
                setBits(bitmap, i, take);
                i += take;
                m += take;
                afterShortRun = false;
                continue;
            }
            int run = (int) (in.read(symbolBits) & (maxRun - 1)) + 1;
            if (afterShortRun || run > n - i) {
                throw Invalid.INSTANCE;
            }
            i += run;
            afterShortRun = run < maxRun;
        }
        in.expectPaddingOnly(p.wordWidth(), "the last word");
        return m;
    }

    private static void setBits(long[] bitmap, int from, int count) {
        int end = from + count;
        while (from < end) {
            int bit = from & 63;
            int len = Math.min(64 - bit, end - from);
            bitmap[from >>> 6] |= (len == 64 ? -1L : ((1L << len) - 1)) << bit;
            from += len;
        }
    }

    // ============================================================================ BPC symbols

    /**
     * Reads the W+1 plane symbols of one block into {@code planes}: P_k of planes 0-7 as bytes
     * of planes[0], 8-15 of planes[1]; returns P_W. Rejects what the scalar kernel rejects.
     */
    private static int readPlanes(BitReader in, int w, int[] table, long[] planes) throws Invalid, MalformedStreamException {
        long lo = 0;
        long hi = 0;
        int prev = 0;
        boolean afterRun = false;
        int k = 0;
        while (k <= w) {
            int e = table[(int) in.peek(8)];
            int kind = e & 0xF;
            in.skip(e >>> 4 & 0xF);
            int value = e >>> 8;
            int plane;
            int count = 1;
            switch (kind) {
                case KIND_RAW -> {
                    plane = value ^ prev;
                    if (plane == 0) {
                        throw Invalid.INSTANCE;
                    }
                    afterRun = false;
                }
                case KIND_RUN -> {
                    if (afterRun || k + value > w + 1) {
                        throw Invalid.INSTANCE;
                    }
                    plane = prev;
                    count = value;
                    afterRun = true;
                }
                case KIND_ALL_ONES -> {
                    plane = PLANE_MASK ^ prev;
                    afterRun = false;
                }
                case KIND_PLANE_ZERO -> {
                    if (prev == 0 || prev == PLANE_MASK) {
                        throw Invalid.INSTANCE;
                    }
                    plane = 0;
                    afterRun = false;
                }
                default -> throw Invalid.INSTANCE;
            }
            for (int j = 0; j < count; j++, k++) {
                if (k < 8) {
                    lo |= (long) plane << (8 * k);
                } else if (k < 16) {
                    hi |= (long) plane << (8 * (k - 8));
                }
            }
            prev = plane;
        }
        planes[0] = lo;
        planes[1] = hi;
        return prev;
    }

    // ============================================================================ W = 8 decode

    private static void decode8(EbpcParams p, byte[] znz, byte[] bpc, byte[] out) throws Invalid, MalformedStreamException {
        int n = out.length;
        long[] bitmap = new long[(n + 63) / 64 + 1];
        int m = readZnz(p, znz, n, bitmap);
        int blocks = (m + 7) / 8;
        byte[] dense = new byte[8 * blocks + 16 + 2 * BYTES.length()];
        BitReader in = new BitReader(bpc, MalformedStreamException.Stream.BPC);
        long[] planes = new long[BLOCKS8];
        long[] bases = new long[BLOCKS8];
        long[] two = new long[2];
        for (int b0 = 0; b0 < blocks; b0 += BLOCKS8) {
            int count = Math.min(BLOCKS8, blocks - b0);
            long signs = 0;
            for (int b = 0; b < BLOCKS8; b++) {
                if (b < count) {
                    bases[b] = in.read(8);
                    signs |= (long) readPlanes(in, 8, DECODE8, two) << (8 * b);
                    planes[b] = two[0];
                } else {
                    bases[b] = 0;
                    planes[b] = 0;
                }
            }
            // Low 8 bits of each delta, then prefix sums from the base, byte-wise.
            LongVector d = transpose(LongVector.fromArray(LONGS, planes, 0));
            LongVector v = d.lanewise(VectorOperators.LSHL, 8).or(LongVector.fromArray(LONGS, bases, 0));
            v = addBytes(v, v.lanewise(VectorOperators.LSHL, 8));
            v = addBytes(v, v.lanewise(VectorOperators.LSHL, 16));
            v = addBytes(v, v.lanewise(VectorOperators.LSHL, 32));
            ByteVector words = v.reinterpretAsBytes();
            // Canonical: each delta's sign (plane 8) matches the words, so no delta wrapped.
            ByteVector next = v.lanewise(VectorOperators.LSHR, 8).reinterpretAsBytes();
            long lt = next.compare(VectorOperators.LT, words).toLong() & 0x7F7F7F7F7F7F7F7FL;
            if (lt != signs) {
                throw Invalid.INSTANCE;
            }
            // Words before m must be non-zero, the padding after it zero.
            long zeros = words.compare(VectorOperators.EQ, 0).toLong();
            int valid = m - 8 * b0;
            long expected = valid >= 64 ? 0 : -1L << valid;
            if (BLOCKS8 < 8) {
                expected &= (1L << (8 * BLOCKS8)) - 1;
            }
            if (zeros != expected) {
                throw Invalid.INSTANCE;
            }
            words.intoArray(dense, 8 * b0);
        }
        in.expectPaddingOnly(8, "the last block");
        expand8(bitmap, dense, out);
    }

    /** Byte-wise addition of 64-bit lanes, no carries between bytes. */
    private static LongVector addBytes(LongVector a, LongVector b) {
        long low7 = 0x7F7F7F7F7F7F7F7FL;
        LongVector sum = a.and(low7).add(b.and(low7));
        return sum.lanewise(VectorOperators.XOR, a.lanewise(VectorOperators.XOR, b).and(~low7));
    }

    /** Puts the dense words where the bitmap says, zeros elsewhere. */
    private static void expand8(long[] bitmap, byte[] dense, byte[] out) {
        int n = out.length;
        int j = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int mb = (int) (bitmap[i >>> 6] >>> (i & 63)) & 0xFF;
            LONG_LE.set(out, i, Long.expand((long) LONG_LE.get(dense, j), BYTE_MASK[mb]));
            j += Integer.bitCount(mb);
        }
        for (; i < n; i++) {
            if ((bitmap[i >>> 6] >>> (i & 63) & 1) != 0) {
                out[i] = dense[j++];
            }
        }
    }

    // =========================================================================== W = 16 decode

    private static void decode16(EbpcParams p, byte[] znz, byte[] bpc, short[] out) throws Invalid, MalformedStreamException {
        int n = out.length;
        long[] bitmap = new long[(n + 63) / 64 + 1];
        int m = readZnz(p, znz, n, bitmap);
        int blocks = (m + 7) / 8;
        short[] dense = new short[8 * blocks + 16 + 2 * SHORTS.length()];
        BitReader in = new BitReader(bpc, MalformedStreamException.Stream.BPC);
        int perVector = SHORTS.length() / 8;
        long[] planes = new long[LONGS.length()];
        short[] deltas = new short[SHORTS.length()];
        int[] bases = new int[perVector];
        int[] signs = new int[perVector];
        long[] two = new long[2];
        for (int b0 = 0; b0 < blocks; b0 += perVector) {
            int count = Math.min(perVector, blocks - b0);
            for (int b = 0; b < count; b++) {
                bases[b] = (int) in.read(16);
                signs[b] = readPlanes(in, 16, DECODE16, two);
                planes[2 * b] = two[0];
                planes[2 * b + 1] = two[1];
            }
            // Transpose low and high planes back to delta bytes, then interleave into shorts.
            transpose(LongVector.fromArray(LONGS, planes, 0)).reinterpretAsBytes()
                    .rearrange(MERGE_BYTES).reinterpretAsShorts().intoArray(deltas, 0);
            for (int b = 0; b < count; b++) {
                int at = 8 * (b0 + b);
                int valid = m - at;
                short v = (short) bases[b];
                for (int i = 0; i < 8; i++) {
                    if (i > 0) {
                        short prev = v;
                        v = (short) (v + deltas[8 * b + i - 1]);
                        if ((v < prev ? 1 : 0) != (signs[b] >>> (i - 1) & 1)) {
                            throw Invalid.INSTANCE;   // the delta wrapped: not canonical
                        }
                    }
                    if ((v == 0) == (i < valid)) {
                        throw Invalid.INSTANCE;       // a zero word in the data or data in the padding
                    }
                    dense[at + i] = v;
                }
            }
        }
        in.expectPaddingOnly(16, "the last block");
        int j = 0;
        for (int i = 0; i < n; i++) {   // branch-free expansion
            int bit = (int) (bitmap[i >>> 6] >>> (i & 63)) & 1;
            out[i] = (short) (dense[j] & -bit);
            j += bit;
        }
    }
}
