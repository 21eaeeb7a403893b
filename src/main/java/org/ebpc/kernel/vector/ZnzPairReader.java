package org.ebpc.kernel.vector;

import org.ebpc.EbpcParams;
import org.ebpc.bits.BitReader;
import org.ebpc.kernel.Kernel.Slice;

/**
 * The ZNZ streams of two slices of a chunk's buffer into their bitmaps: for Z = 16 one after
 * the other byte by byte (ZnzTable, through ZnzReader.read), else two symbol readers stepping
 * in turn, their chains overlapping. Every check of ZnzReader is made for each.
 */
final class ZnzPairReader {

    private ZnzPairReader() {}

    /** Two slices' bitmaps of non-zero words (bit i: word i; a spare word at the end) and how many there are. */
    record Bitmaps(long[] a, long[] b, int nonZeroA, int nonZeroB) {}

    /** The ZNZ streams of slices a and b (b may be null: an empty bitmap, no words). */
    static Bitmaps read(EbpcParams p, byte[] buf, Slice a, Slice b) throws Invalid {
        int nA = a.words();
        int nB = b == null ? 0 : b.words();
        long[] bitmapA = new long[(nA + 63) / 64 + 1];
        long[] bitmapB = new long[(nB + 63) / 64 + 1];
        int[] m = new int[2];
        if (ZnzTable.of(p) != null) {
            m[0] = ZnzReader.read(p, buf, a.znzAt(), a.znzBytes(), nA, bitmapA);
            m[1] = b == null ? 0 : ZnzReader.read(p, buf, b.znzAt(), b.znzBytes(), nB, bitmapB);
        } else {
            symbols(p, buf, a, nA, bitmapA, b, nB, bitmapB, m);
        }
        return new Bitmaps(bitmapA, bitmapB, m[0], m[1]);
    }

    /**
     * The two symbol readers stepping in turn, as ZnzReader.read's does for one.
     */
    private static void symbols(
            EbpcParams p, byte[] buf, Slice a, int nA, long[] bitmapA, Slice b, int nB, long[] bitmapB, int[] m)
            throws Invalid {
        int symbolBits = 1 + p.zeroRunBits();
        int maxRun = p.maxZeroRun();
        long posA = 8L * a.znzAt();
        long limitA = posA + 8L * a.znzBytes();
        long posB = b == null ? 0 : 8L * b.znzAt();
        long limitB = b == null ? 0 : posB + 8L * b.znzBytes();
        int iA = 0;
        int iB = 0;
        int mA = 0;
        int mB = 0;
        boolean shortA = false; // the last symbol was a zero run shorter than Z: no run may follow it
        boolean shortB = false;
        FullRuns runs = FullRuns.of(p);
        int fullBits = runs.bits();
        int fullWords = runs.words();
        long full = runs.pattern();
        // The two readers are written out twice, not called: their positions must stay in registers.
        // First while both slices have more words left than one step can take (57 `1`s, then
        // FullRuns or one run): no step needs the checks against the slice's end.
        int margin = 57 + Math.max(fullWords, maxRun);
        while (iA < nA - margin && iB < nB - margin) {
            if ((posA > limitA) | (posB > limitB)) {
                throw Invalid.INSTANCE;
            }
            long bitsA = BitReader.window(buf, posA);
            long bitsB = BitReader.window(buf, posB);
            int onesA = Math.min(Long.numberOfLeadingZeros(~bitsA), 57);
            int onesB = Math.min(Long.numberOfLeadingZeros(~bitsB), 57);
            ZnzReader.setOnes(bitmapA, iA, onesA);
            ZnzReader.setOnes(bitmapB, iB, onesB);
            posA += onesA;
            iA += onesA;
            mA += onesA;
            shortA &= onesA == 0;
            posB += onesB;
            iB += onesB;
            mB += onesB;
            shortB &= onesB == 0;
            if (onesA == 0 && !shortA && bitsA >>> (64 - fullBits) == full) {
                posA += fullBits;
                iA += fullWords;
            } else if (onesA + symbolBits <= 57) {
                int run = (int) (bitsA << onesA >>> (64 - symbolBits)) + 1;
                posA += symbolBits;
                if (shortA) {
                    throw Invalid.INSTANCE;
                }
                iA += run;
                shortA = run < maxRun;
            }
            if (onesB == 0 && !shortB && bitsB >>> (64 - fullBits) == full) {
                posB += fullBits;
                iB += fullWords;
            } else if (onesB + symbolBits <= 57) {
                int run = (int) (bitsB << onesB >>> (64 - symbolBits)) + 1;
                posB += symbolBits;
                if (shortB) {
                    throw Invalid.INSTANCE;
                }
                iB += run;
                shortB = run < maxRun;
            }
        }
        while (iA < nA || iB < nB) {
            if (iA < nA) {
                if (posA > limitA) {
                    throw Invalid.INSTANCE;
                }
                long bits = BitReader.window(buf, posA);
                int ones = Math.min(Long.numberOfLeadingZeros(~bits), 57);
                int take = Math.min(ones, nA - iA);
                ZnzReader.setOnes(bitmapA, iA, take);
                posA += take;
                iA += take;
                mA += take;
                shortA &= take == 0;
                if (ones == 0 && !shortA && bits >>> (64 - fullBits) == full && nA - iA >= fullWords) {
                    posA += fullBits; // FullRuns: many Z-word runs in one step
                    iA += fullWords;
                } else if (take == ones && ones + symbolBits <= 57 && iA < nA) {
                    int run = (int) (bits << ones >>> (64 - symbolBits)) + 1;
                    posA += symbolBits;
                    if (shortA || run > nA - iA) {
                        throw Invalid.INSTANCE;
                    }
                    iA += run;
                    shortA = run < maxRun;
                }
            }
            if (iB < nB) {
                if (posB > limitB) {
                    throw Invalid.INSTANCE;
                }
                long bits = BitReader.window(buf, posB);
                int ones = Math.min(Long.numberOfLeadingZeros(~bits), 57);
                int take = Math.min(ones, nB - iB);
                ZnzReader.setOnes(bitmapB, iB, take);
                posB += take;
                iB += take;
                mB += take;
                shortB &= take == 0;
                if (ones == 0 && !shortB && bits >>> (64 - fullBits) == full && nB - iB >= fullWords) {
                    posB += fullBits; // FullRuns: many Z-word runs in one step
                    iB += fullWords;
                } else if (take == ones && ones + symbolBits <= 57 && iB < nB) {
                    int run = (int) (bits << ones >>> (64 - symbolBits)) + 1;
                    posB += symbolBits;
                    if (shortB || run > nB - iB) {
                        throw Invalid.INSTANCE;
                    }
                    iB += run;
                    shortB = run < maxRun;
                }
            }
        }
        if (!ZnzReader.paddingOnly(buf, posA, 8L * a.znzAt(), limitA, p.wordWidth())
                || (b != null && !ZnzReader.paddingOnly(buf, posB, 8L * b.znzAt(), limitB, p.wordWidth()))) {
            throw Invalid.INSTANCE;
        }
        m[0] = mA;
        m[1] = mB;
    }
}
