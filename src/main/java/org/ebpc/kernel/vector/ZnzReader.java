package org.ebpc.kernel.vector;

import org.ebpc.EbpcParams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;

/** Reads a ZNZ stream into a bitmap of the non-zero words, checking it as strictly as the scalar kernel. */
final class ZnzReader {

    private ZnzReader() {
    }

    /** Reads the ZNZ stream into a bitmap of non-zero words; returns how many there are. */
    static int readZnz(EbpcParams p, byte[] znz, int n, long[] bitmap) throws Invalid, MalformedStreamException {
        byte[] padded = BitReader.padded(znz);
        long limit = 8L * znz.length;
        int symbolBits = 1 + p.zeroRunBits();
        int maxRun = p.maxZeroRun();
        FullRuns runs = FullRuns.of(p);
        int fullBits = runs.bits();
        int fullWords = runs.words();
        long full = runs.pattern();
        long pos = 0;
        int i = 0;
        int m = 0;
        boolean afterShortRun = false;
        // First while more words are left than one step can take (57 `1`s, then FullRuns or one
        // run): no step needs the checks against the stream's end.
        int margin = 57 + Math.max(fullWords, maxRun);
        while (i < n - margin) {
            if (pos > limit) {
                throw Invalid.INSTANCE;
            }
            long bits = BitReader.window(padded, pos);
            int ones = Math.min(Long.numberOfLeadingZeros(~bits), 57);
            setOnes(bitmap, i, ones);
            pos += ones;
            i += ones;
            m += ones;
            afterShortRun &= ones == 0;
            if (ones == 0 && !afterShortRun && bits >>> (64 - fullBits) == full) {
                pos += fullBits;
                i += fullWords;
            } else if (ones + symbolBits <= 57) {
                int run = (int) (bits << ones >>> (64 - symbolBits)) + 1;
                pos += symbolBits;
                if (afterShortRun) {
                    throw Invalid.INSTANCE;
                }
                i += run;
                afterShortRun = run < maxRun;
            }
        }
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
            if (ones == 0 && !afterShortRun && bits >>> (64 - fullBits) == full && n - i >= fullWords) {
                pos += fullBits;   // FullRuns: many Z-word runs in one step
                i += fullWords;
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
    static void setOnes(long[] bitmap, int from, int count) {
        long ones = (1L << count) - 1;
        int bit = from & 63;
        bitmap[from >>> 6] |= ones << bit;
        bitmap[(from >>> 6) + 1] |= ones >>> 1 >>> (63 - bit);
    }
}
