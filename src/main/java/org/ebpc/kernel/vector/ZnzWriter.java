package org.ebpc.kernel.vector;

import org.ebpc.EbpcParams;
import org.ebpc.bits.BitWriter;

/**
 * Writes the ZNZ stream from 64-word non-zero masks, 8 words (one mask byte) at a time: the
 * zero run carried in is closed by one symbol, and a table gives the bits of the byte from
 * its first to its last non-zero word. Zeros after the last non-zero word carry on.
 */
final class ZnzWriter {
    private final BitWriter out;
    private final int maxRun;
    private final int symbolBits; // 1 + log2(Z)
    /** By mask byte, or by 16 mask bits for the hardware's Z = 16: see middleTable. */
    private final long[] middle;

    private final int width; // mask bits a middle lookup takes: 8 or 16
    private long run; // zeros seen and not yet written
    private final int runShift; // log2(Z)
    private final FullRuns full;

    ZnzWriter(EbpcParams p, int n) {
        out = new BitWriter(StreamBuffers.ZNZ_BUFFER.get(), n + n / 4 + 1024); // typical; the writer grows for worse
        maxRun = p.maxZeroRun();
        symbolBits = 1 + p.zeroRunBits();
        width = maxRun == 16 ? 16 : 8;
        middle = maxRun == 16 ? MIDDLE16_Z16 : middleTable(8, maxRun, symbolBits);
        runShift = p.zeroRunBits();
        full = FullRuns.of(p);
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
     * Z = 16 (the hardware's) by 16 mask bits: 512 KB, built once; half the lookups and writes
     * of the byte table, for the writer that is a large part of int8 encoding.
     */
    private static final long[] MIDDLE16_Z16 = middleTable(16, 16, 5);

    /** 64 words; bit i of mask set when word i is not zero. */
    void chunk(long mask) {
        if (width == 16) {
            chunkBy(mask, 16, middle); // constant widths: C2 unrolls each loop
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
            zeros = writeFullSymbols(zeros); // rare: a run longer than one symbol holds
            int has = (int) (-zeros >>> 63); // 1 if a run ends here
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

    /** Writes a Z-word symbol while more than Z zeros are left, {@link FullRuns} in one write; returns the rest (at most Z). */
    private long writeFullSymbols(long zeros) {
        if (zeros <= maxRun) {
            return zeros;
        }
        long symbols = (zeros - 1) >>> runShift;
        zeros -= symbols << runShift;
        for (; symbols >= full.count(); symbols -= full.count()) {
            out.write(full.pattern(), full.bits());
        }
        if (symbols > 0) {
            out.write(full.pattern(), (int) symbols * symbolBits); // its low bits: that many whole symbols
        }
        return zeros;
    }
}
