package org.ebpc.kernel.vector;

/**
 * Tables for blocks of N=8 words. A plane of a block is 7 bits; here it is kept "lane-ordered":
 * bit i belongs to delta d_i (the transposition produces it that way), whereas FORMAT.md
 * writes d_0 as the most significant bit. Zero, all-ones, single-one and adjacent-pair tests
 * do not care; positions p equal i directly; a raw plane is written bit-reversed.
 */
final class PlaneCodes {

    static final int PLANE_MASK = 0x7F;

    /** Encoder: symbol for a non-zero lane-ordered DBX plane X (P != 0): (code << 8) | length. */
    static final int[] SYMBOL = new int[128];
    /** Encoder: the `00001` symbol (P_k = 0). */
    static final int PLANE_ZERO = (0b00001 << 8) | 5;

    /**
     * Encoder, by (X | 0x80 if P = 0): the plane's symbol, or 0 (nothing) when X = 0, whose
     * planes are coded as runs. One lookup replaces the case analysis of FORMAT.md.
     */
    static final int[] SYMBOL_BY_INDEX = new int[256];

    static {
        for (int x = 1; x < 128; x++) {
            int lowest = Integer.numberOfTrailingZeros(x);
            int code;
            if (x == PLANE_MASK) {
                code = (0b00000 << 8) | 5;
            } else if (x == (3 << lowest)) {
                code = (((0b00010 << 3) | lowest) << 8) | 8;
            } else if (x == (1 << lowest)) {
                code = (((0b00011 << 3) | lowest) << 8) | 8;
            } else {
                code = ((0x80 | reverse7(x)) << 8) | 8;
            }
            SYMBOL[x] = code;
        }
        for (int i = 1; i < 256; i++) {
            int x = i & PLANE_MASK;
            boolean planeZero = i >= 128;
            SYMBOL_BY_INDEX[i] = x == 0 ? 0 : planeZero && x != PLANE_MASK ? PLANE_ZERO : SYMBOL[x];
        }
    }

    /**
     * Encoder, W = 8, plane 8 by (X | 0x80 if P = 0 | 0x100 if X_7 = 0): as SYMBOL_BY_INDEX, but
     * a zero X_8 has its own run `01` unless the run from plane 7 goes on into it.
     */
    static final int[] PLANE8_SYMBOL = new int[512];

    static {
        int ownRun = runSymbols(8, 3)[1];
        for (int i = 0; i < 512; i++) {
            boolean runFromPlane7 = i >= 256;
            PLANE8_SYMBOL[i] = (i & PLANE_MASK) != 0 ? SYMBOL_BY_INDEX[i & 0xFF] : runFromPlane7 ? 0 : ownRun;
        }
    }

    // Decoder table entries (an int): length in bits 0-3, planes covered in 4-8, the lane-ordered
    // X in 9-15, and flags: run, needs P != 0 (raw, pair, single: else a shorter symbol
    // exists), `00001` (needs P_{k-1} not 0 or all ones), invalid.
    static final int RUN = 1 << 17, NEEDS_PLANE = 1 << 18, PLANE_ZERO_SYM = 1 << 19, INVALID = 1 << 20;

    /**
     * Decoder: the entry for each value of the next 8 stream bits, for log2(W) = runBits. Symbols
     * the encoder never emits (non-canonical patterns, impossible positions) are INVALID.
     */
    static int[] decodeTable(int runBits) {
        int[] t = new int[256];
        for (int b = 0; b < 256; b++) {
            int e;
            if ((b & 0x80) != 0) { // 1 + X (MSB = d_0)
                int x = reverse7(b & PLANE_MASK);
                int lowest = Integer.numberOfTrailingZeros(x);
                boolean shorter = x == 0 || x == PLANE_MASK || x == (1 << lowest) || x == (3 << lowest);
                e = shorter ? entry(8, 1, 0, INVALID) : entry(8, 1, x, NEEDS_PLANE);
            } else if ((b & 0x40) != 0) { // 01: one zero plane
                e = entry(2, 1, 0, RUN);
            } else if ((b & 0x20) != 0) { // 001 + r-2: r zero planes
                int r = ((b & 0x1F) >>> (5 - runBits)) + 2;
                e = entry(3 + runBits, r, 0, RUN);
            } else {
                int kind = (b >>> 3) & 3; // 000 + two bits
                int pos = b & 7;
                e = switch (kind) {
                    case 0 -> entry(5, 1, PLANE_MASK, 0);
                    case 1 -> entry(5, 1, 0, PLANE_ZERO_SYM);
                    case 2 -> pos > 5 ? entry(8, 1, 0, INVALID) : entry(8, 1, 3 << pos, NEEDS_PLANE);
                    default -> pos > 6 ? entry(8, 1, 0, INVALID) : entry(8, 1, 1 << pos, NEEDS_PLANE);
                };
            }
            t[b] = e;
        }
        return t;
    }

    /**
     * Encoder for W=16, the zero-run symbols of a block's planes 0-7 (lane A) and 8-15 (lane B),
     * as bytes like RUN_CODE_BYTES8 / RUN_LENGTH_BYTES8 (byte k: the run symbol starting at
     * plane k of the lane, else 0). Lane A by [zero mask of planes 0-7 * 10 + zero planes from
     * plane 8 on (0..9)], lane B by [(zero mask of planes 8-15 * 2 + plane 7 zero) * 2 + plane 16
     * zero]: a run that reaches the lane's end goes on into the next planes, and a run that
     * comes in from plane 7 has its symbol there, not in lane B.
     */
    static final long[] RUN_CODE_BYTES16A = new long[256 * 10];

    static final long[] RUN_LENGTH_BYTES16A = new long[256 * 10];
    static final long[] RUN_CODE_BYTES16B = new long[256 * 4];
    static final long[] RUN_LENGTH_BYTES16B = new long[256 * 4];

    static {
        int[] runs16 = runSymbols(16, 4);
        for (int m = 0; m < 256; m++) {
            for (int cont = 0; cont <= 9; cont++) {
                laneRuns16(runs16, m, false, cont, RUN_CODE_BYTES16A, RUN_LENGTH_BYTES16A, m * 10 + cont);
            }
            for (int prev = 0; prev < 2; prev++) {
                for (int z16 = 0; z16 < 2; z16++) {
                    laneRuns16(
                            runs16,
                            m,
                            prev != 0,
                            z16,
                            RUN_CODE_BYTES16B,
                            RUN_LENGTH_BYTES16B,
                            (m * 2 + prev) * 2 + z16);
                }
            }
        }
    }

    /**
     * The W=16 run symbols (runs16, by run length) of one lane of 8 planes with zero mask m, as bytes into codes[i] and
     * lengths[i]: a run starts at a zero plane whose previous plane is not zero (before plane 0:
     * {@code zeroBefore}); one that reaches the lane's end goes on over {@code cont} more planes.
     */
    private static void laneRuns16(
            int[] runs16, int m, boolean zeroBefore, int cont, long[] codes, long[] lengths, int i) {
        for (int k = 0; k < 8; k++) {
            boolean before = k == 0 ? zeroBefore : (m >>> (k - 1) & 1) != 0;
            if ((m >>> k & 1) != 0 && !before) {
                int r = Math.min(Integer.numberOfTrailingZeros(~(m >>> k)), 8 - k);
                r += k + r == 8 ? cont : 0;
                codes[i] |= (long) (runs16[r] >>> 8) << (8 * k);
                lengths[i] |= (long) (runs16[r] & 0xFF) << (8 * k);
            }
        }
    }

    /**
     * Decoder for W=8, by plane k (0..9) and the next 8 stream bits, at [k * 256 + bits]: what the
     * symbol there contributes to its block, already in place, so the block reader only ORs it
     * in. Row 9 (past the block's last plane) adds nothing. BY_PLANE_X8: X << 7k. BY_PLANE_FLAGS8:
     * bit k = needs P_k != 0 (raw, pair, single), bit 9+k = `00001` (P_k = 0), bit 18 = invalid
     * (a non-canonical symbol, or a run past plane 8), bit 20+k = a run starts at plane k,
     * bit 30+j = a run ends before plane j (two runs in a row: both bits at one j); bits 48-51 =
     * the plane after the symbol (at most 9), bits 60-63 = the symbol's length. Row 9: plane 9,
     * nothing else. The reader ORs whole entries together and only reads bits 0-39 of the sum.
     */
    static final long[] BY_PLANE_X8 = new long[10 * 256];
    /**
     * Decoder for W=8, for a byte that holds a whole 8-bit symbol (raw, pair or single): its
     * lane-ordered X in bits 0-6, bit 8 set if the symbol is not canonical (or the byte is not
     * such a symbol). The int8 block reader takes plane 8's X from it and its vector pass the
     * table of pair and single symbols.
     */
    static final int[] BYTE_SYMBOL8 = new int[256];

    static final long[] BY_PLANE_FLAGS8 = new long[10 * 256];
    static final long FLAGS8_INVALID = 1L << 18;

    static {
        int[] t = decodeTable(3);
        for (int k = 0; k <= 9; k++) {
            for (int b = 0; b < 256; b++) {
                int e = t[b];
                int planes = e >>> 4 & 0x1F;
                long f = byPlaneFlags(e, k, 9, FLAGS8_INVALID);
                if ((e & RUN) != 0 && k < 9) { // for the run-after-run check
                    f |= 1L << (20 + k) | (k + planes <= 9 ? 1L << (30 + k + planes) : 0);
                }
                BY_PLANE_FLAGS8[k * 256 + b] = f;
                BY_PLANE_X8[k * 256 + b] = k < 9 ? (long) (e >>> 9 & PLANE_MASK) << (7 * k) : 0;
            }
        }
        for (int b = 0; b < 256; b++) {
            int e = t[b];
            boolean whole = (e & 0xF) == 8 && (e & RUN) == 0;
            BYTE_SYMBOL8[b] = whole && (e & INVALID) == 0 ? e >>> 9 & PLANE_MASK : 0x100;
        }
    }

    /**
     * Decoder for W=16, by plane k (0..17; 17 = past the block's last plane, where a symbol adds
     * nothing) and the next 8 bits, at [k * 256 + bits]: bit k = needs P_k != 0, bit 17+k =
     * `00001` (P_k = 0), bit 34 = invalid (a non-canonical symbol, or a run past plane 16),
     * bits 40-46 = X, bits 48-52 = the plane after the symbol (at most 17), bit 53 = a run,
     * bits 60-63 = the symbol's length. Row 17: plane 17, nothing else.
     */
    static final long[] BY_PLANE_FLAGS16 = new long[18 * 256];

    static final long FLAGS16_INVALID = 1L << 34;

    static {
        int[] t = decodeTable(4);
        for (int k = 0; k <= 17; k++) {
            for (int b = 0; b < 256; b++) {
                int e = t[b];
                long f = byPlaneFlags(e, k, 17, FLAGS16_INVALID);
                if (k < 17) {
                    f |= (long) (e & RUN) << (53 - 17) | (long) (e >>> 9 & PLANE_MASK) << 40;
                }
                BY_PLANE_FLAGS16[k * 256 + b] = f;
            }
        }
    }

    /**
     * The fields both by-plane flag tables share, for decoder entry e at plane k of a block with
     * planes 0..last-1: needs P_k != 0 at bit k, `00001` at bit last+k, {@code invalid} for a
     * non-canonical symbol or a run past the last plane, the next symbol's plane at bits 48-52
     * and the length at bits 60-63. Row {@code last} (past the block): that plane, nothing else.
     */
    private static long byPlaneFlags(int e, int k, int last, long invalid) {
        if (k == last) {
            return (long) last << 48; // stays past the block
        }
        int planes = e >>> 4 & 0x1F;
        long f = 0;
        f |= (e & INVALID) != 0 ? invalid : 0;
        f |= (e & NEEDS_PLANE) != 0 ? 1L << k : 0;
        f |= (e & PLANE_ZERO_SYM) != 0 ? 1L << (last + k) : 0;
        f |= (e & RUN) != 0 && k + planes > last ? invalid : 0;
        f |= (long) Math.min(k + planes, last) << 48;
        f |= (long) (e & 0xF) << 60;
        return f;
    }

    private static int entry(int length, int planes, int x, int flags) {
        return length | planes << 4 | x << 9 | flags;
    }

    /** Encoder: zero-plane runs of r = 1..W+1 planes, (code << 8) | length, for log2(W) = runBits. */
    static int[] runSymbols(int w, int runBits) {
        int[] t = new int[w + 2];
        t[1] = (0b01 << 8) | 2;
        for (int r = 2; r <= w + 1; r++) {
            t[r] = (((0b001 << runBits) | (r - 2)) << 8) | (3 + runBits);
        }
        return t;
    }

    static int reverse7(int x) {
        return Integer.reverse(x) >>> 25;
    }

    private PlaneCodes() {}
}
