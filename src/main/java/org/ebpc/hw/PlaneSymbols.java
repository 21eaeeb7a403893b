package org.ebpc.hw;

import org.ebpc.EbpcParams;

/**
 * The bit lengths of a block's plane symbols, in the order the hardware's symbol coder visits
 * them, as its symbol selector (dbx_compressor) chooses them. 0 stands for an all-zero DBX
 * plane, which the coder folds into a run symbol.
 */
final class PlaneSymbols {

    private PlaneSymbols() {}

    /**
     * Fills {@code lengths[0..W]} for one block: words {@code block[0..N-1]} (sign-extended),
     * deltas in W+1 bits, planes visited from the least significant bit upwards (the RTL's
     * {@code dbx_cnt} counts from W down to 0 over planes indexed from the top bit).
     */
    static void lengths(long[] block, EbpcParams p, int[] lengths) {
        int width = p.wordWidth(), blockSize = p.blockSize();
        long mask = (1L << (width + 1)) - 1;
        int deltas = blockSize - 1;
        int positionSymbol = positionSymbolBits(p);
        long[] delta = new long[deltas];
        for (int i = 0; i < deltas; i++) {
            delta[i] = (block[i + 1] - block[i]) & mask;
        }
        long prevPlane = 0;
        for (int bit = 0; bit <= width; bit++) {
            long plane = 0;
            for (int i = 0; i < deltas; i++) {
                plane |= ((delta[i] >>> bit) & 1) << i;
            }
            // dbx of the lowest plane is the plane itself; above it, the plane XOR the one below.
            long dbx = bit == 0 ? plane : plane ^ prevPlane;
            prevPlane = plane;
            lengths[bit] = symbolLength(dbx, plane, deltas, positionSymbol, blockSize);
        }
    }

    private static int symbolLength(long dbx, long dbp, int deltas, int positionSymbol, int blockSize) {
        if (dbx == 0) {
            return 0;
        }
        if (dbx == (1L << deltas) - 1 || dbp == 0) {
            return 5;
        }
        int ones = Long.bitCount(dbx);
        if (ones == 1 || (ones == 2 && (dbx & (dbx >>> 1)) != 0)) {
            return positionSymbol;
        }
        return blockSize;
    }

    /** The single/pair symbol: the 5-bit code and a position (the RTL's 5 + clog2(N-1), = log2(N)). */
    static int positionSymbolBits(EbpcParams p) {
        return 5 + p.positionBits();
    }
}
