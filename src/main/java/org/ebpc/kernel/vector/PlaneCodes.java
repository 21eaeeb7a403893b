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

    /**
     * Encoder for W=8: the run symbols of a block by its 9-bit zero-plane mask z, at
     * [z * 9 + k]: the run's symbol on the first plane k of each run of zero planes, else 0.
     */
    static final int[] RUNS_BY_MASK8 = new int[512 * 9];

    // Decoder table entries, indexed by the next 8 stream bits.
    static final int KIND_RAW = 0, KIND_RUN = 1, KIND_ALL_ONES = 2, KIND_PLANE_ZERO = 3, KIND_INVALID = 4;

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
        int[] runs8 = runSymbols(8, 3);
        for (int z = 0; z < 512; z++) {
            for (int k = 0; k <= 8; k++) {
                boolean start = (z >>> k & 1) != 0 && (k == 0 || (z >>> (k - 1) & 1) == 0);
                RUNS_BY_MASK8[z * 9 + k] = start ? runs8[Integer.numberOfTrailingZeros(~(z >>> k))] : 0;
            }
        }
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

    /**
     * Decoder: for each value of the next 8 bits, {@code kind | length << 4 | value << 8}, where
     * value is the lane-ordered X of a raw/pair/single symbol or the run length r. Symbols that
     * the encoder never emits (non-canonical patterns, impossible positions) are KIND_INVALID.
     */
    static int[] decodeTable(int runBits) {
        int[] t = new int[256];
        for (int b = 0; b < 256; b++) {
            int e;
            if ((b & 0x80) != 0) {                               // 1 + X (MSB = d_0)
                int x = reverse7(b & PLANE_MASK);
                int lowest = Integer.numberOfTrailingZeros(x);
                boolean shorter = x == 0 || x == PLANE_MASK || x == (1 << lowest) || x == (3 << lowest);
                e = shorter ? KIND_INVALID : entry(KIND_RAW, 8, x);
            } else if ((b & 0x40) != 0) {                        // 01
                e = entry(KIND_RUN, 2, 1);
            } else if ((b & 0x20) != 0) {                        // 001 + r-2
                int r = ((b & 0x1F) >>> (5 - runBits)) + 2;
                e = entry(KIND_RUN, 3 + runBits, r);
            } else {
                int kind = (b >>> 3) & 3;                        // 000 + two bits
                int pos = b & 7;
                e = switch (kind) {
                    case 0 -> entry(KIND_ALL_ONES, 5, PLANE_MASK);
                    case 1 -> entry(KIND_PLANE_ZERO, 5, 0);
                    case 2 -> pos > 5 ? KIND_INVALID : entry(KIND_RAW, 8, 3 << pos);
                    default -> pos > 6 ? KIND_INVALID : entry(KIND_RAW, 8, 1 << pos);
                };
            }
            t[b] = e;
        }
        return t;
    }

    private static int entry(int kind, int length, int value) {
        return kind | (length << 4) | (value << 8);
    }

    static int reverse7(int x) {
        return Integer.reverse(x) >>> 25;
    }

    private PlaneCodes() {
    }
}
