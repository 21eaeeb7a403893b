package org.ebpc.kernel.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.ebpc.EbpcParams;

/**
 * Reads a ZNZ stream a byte at a time, whatever its symbols: a state machine whose state is
 * where the byte boundary fell in a symbol (at a symbol's start, after a run shorter than Z, or
 * so many bits into a run symbol with what they held). One lookup by (state, byte) gives the
 * next state (a small byte table: the only serial chain, one L1 load a byte) and, off that
 * chain, the words the byte completes: how many, and which of them are non-zero. The symbol
 * reader steps once per symbol pair instead, and its branches follow the data.
 *
 * <p>For Z = 16 (the hardware's), where a byte completes at most two runs and 34 words; five
 * bytes of eight Z-word runs (a dead channel) are taken in one step. The canonical-form rule
 * that spans symbols, no run symbol right after a run shorter than Z, is an error state that
 * stays. The caller stops this reader short of the slice's end and lets the exact symbol
 * reader take the rest from the last symbol boundary this reader saw. Faster than the symbol
 * readers except on dead channels, where ZNZ costs little either way (docs/PERFORMANCE.md).
 */
final class ZnzTable {

    /** The state at a symbol's start; after a run shorter than Z; a run after that is a fault. */
    private static final int START = 0;

    private static final int AFTER_SHORT = 1;
    /** Fields of an OUT entry: words, last symbol boundary in the byte (bits 1-8), words up to it, its state, non-zero words. */
    private static final int BOUNDARY_AT = 6;

    private static final int WORDS_TO_BOUNDARY_AT = 10;
    private static final int SHORT_AT_BOUNDARY = 18;
    private static final int ONES_AT = 24;
    /** Most words one byte can complete, for Z <= 16: the stop margin. */
    static final int MAX_WORDS_PER_BYTE = 34;

    /** OUT flag: the byte held no `1` and ended inside or after Z-word runs (a dead channel, likely). */
    private static final long LONG_RUN = 1L << 19;
    /** Words of eight Z-word runs: the 40 bits of five bytes, in whatever phase the bytes cut them. */
    private static final int FULL_WORDS = 128;

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] next;
    private final long[] out;
    private final int error;
    /**
     * By state: the next 40 bits if eight Z-word runs follow, in the phase the state is in (at a
     * symbol's start, or 1-4 bits into `0` + all ones), else -1; the OUT entry of those 5 bytes.
     */
    private final long[] fullRuns;

    private final long[] fullEntry;

    private static final ZnzTable Z16 = new ZnzTable(4);

    private ZnzTable(int runBits) {
        int z = 1 << runBits;
        int states = z + 2; // START, AFTER_SHORT, the partial run symbols (2^runBits - 1 of them), the error
        error = z + 1;
        next = new byte[states * 256];
        out = new long[states * 256];
        fullRuns = new long[states];
        fullEntry = new long[states];
        java.util.Arrays.fill(fullRuns, -1L);
        int symbolBits = 1 + runBits;
        for (int c = 0; c < symbolBits; c++) { // c bits of the symbol read: START, then `0`, `01`, ...
            int s = c == 0 ? START : partial(c - 1, (1 << (c - 1)) - 1);
            long bits = 0; // the Z-word run symbol, `0` and all ones, over and over from its bit c
            for (int t = 0; t < 40; t++) {
                bits = bits << 1 | ((c + t) % symbolBits == 0 ? 0 : 1);
            }
            fullRuns[s] = bits;
            fullEntry[s] = (long) (8 - c) << BOUNDARY_AT | (long) FULL_WORDS << WORDS_TO_BOUNDARY_AT;
        }
        for (int s = 0; s < states; s++) {
            for (int b = 0; b < 256; b++) {
                build(s, b, runBits, z);
            }
        }
    }

    /** The table for these parameters, or null where a byte could complete too many words. */
    static ZnzTable of(EbpcParams p) {
        return p.maxZeroRun() == 16 ? Z16 : null;
    }

    /** State of a run symbol with j of its run bits read, holding v. */
    private static int partial(int j, int v) {
        return 2 + (1 << j) - 1 + v;
    }

    private void build(int s0, int b, int runBits, int z) {
        int s = s0;
        int words = 0;
        long ones = 0;
        int boundary = 0;
        int toBoundary = 0;
        int shortAtBoundary = 0;
        for (int bit = 0; bit < 8; bit++) {
            int x = b >>> (7 - bit) & 1;
            if (s == error) {
                break;
            }
            if (s == START || s == AFTER_SHORT) {
                if (x == 1) {
                    ones |= 1L << words;
                    words++;
                    s = START;
                    boundary = bit + 1;
                    toBoundary = words;
                    shortAtBoundary = 0;
                } else {
                    s = s == AFTER_SHORT ? error : partial(0, 0);
                }
                continue;
            }
            // A partial run symbol: find j and v from the state.
            int rel = s - 2;
            int j = 31 - Integer.numberOfLeadingZeros(rel + 1);
            int v = rel + 1 - (1 << j);
            v = v << 1 | x;
            j++;
            if (j < runBits) {
                s = partial(j, v);
            } else {
                int run = v + 1;
                words += run;
                s = run < z ? AFTER_SHORT : START;
                boundary = bit + 1;
                toBoundary = words;
                shortAtBoundary = s == AFTER_SHORT ? 1 : 0;
            }
        }
        int i = s0 << 8 | b;
        next[i] = (byte) s;
        long longRun = ones == 0 && words >= 2 * z && fullRuns[s] != -1 ? LONG_RUN : 0;
        out[i] = longRun
                | words
                | (long) boundary << BOUNDARY_AT
                | (long) toBoundary << WORDS_TO_BOUNDARY_AT
                | (long) shortAtBoundary << SHORT_AT_BOUNDARY
                | ones << ONES_AT;
    }

    /**
     * Reads whole bytes of the ZNZ stream at byte {@code at} (at most {@code bytes} of them)
     * into the bitmap while more than MAX_WORDS_PER_BYTE of the n words are left, and returns
     * the bit position of the last symbol boundary it saw, where the exact reader goes on;
     * {@code resume} gets the words before that boundary, the non-zero ones among them, and 1
     * if the last symbol was a run shorter than Z. Throws at a run right after a short run.
     */
    long read(byte[] buf, int at, int bytes, int n, long[] bitmap, int[] resume) throws Invalid {
        byte[] nx = next;
        long[] o = out;
        int state = START;
        int i = 0;
        int k = at;
        int end = at + bytes;
        long e = 0;
        int before = 0;
        int m = 0;
        int stop = n - MAX_WORDS_PER_BYTE - 8;
        while (k < end && i <= stop) {
            int idx = state << 8 | buf[k] & 0xFF;
            state = nx[idx];
            e = o[idx];
            long ones = e >>> ONES_AT;
            int bit = i & 63;
            bitmap[i >>> 6] |= ones << bit;
            bitmap[(i >>> 6) + 1] |= ones >>> 1 >>> (63 - bit);
            m += Long.bitCount(ones);
            before = i;
            i += (int) e & 0x3F;
            k++;
            if ((e & LONG_RUN) != 0) { // inside Z-word runs: take them eight at a time while they last
                long expect = fullRuns[state];
                while (k < end - 5 && i <= stop - FULL_WORDS && (long) LONG_BE.get(buf, k) >>> 24 == expect) {
                    before = i;
                    e = fullEntry[state];
                    i += FULL_WORDS;
                    k += 5;
                }
            }
        }
        if (state == error) {
            throw Invalid.INSTANCE;
        }
        if (k == at) {
            resume[0] = 0;
            resume[1] = 0;
            resume[2] = 0;
            return 8L * at;
        }
        resume[0] = before + ((int) (e >>> WORDS_TO_BOUNDARY_AT) & 0xFF);
        resume[1] = m;
        resume[2] = (int) (e >>> SHORT_AT_BOUNDARY) & 1;
        return 8L * (k - 1) + ((int) (e >>> BOUNDARY_AT) & 0xF);
    }
}
