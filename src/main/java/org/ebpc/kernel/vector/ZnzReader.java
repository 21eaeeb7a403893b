package org.ebpc.kernel.vector;

import org.ebpc.EbpcParams;
import org.ebpc.bits.BitReader;

/** Reads a ZNZ stream into a bitmap of the non-zero words, checking it as strictly as the scalar kernel. */
final class ZnzReader {

    private ZnzReader() {}

    /** Reads the ZNZ stream into a bitmap of non-zero words; returns how many there are. */
    static int readZnz(EbpcParams p, byte[] znz, int n, long[] bitmap) throws Invalid {
        return read(p, BitReader.padded(znz), 0, znz.length, n, bitmap);
    }

    /**
     * Reads the ZNZ stream of n words at byte {@code at} of buf ({@code bytes} long, buf readable
     * 32 bytes past it) into a bitmap of non-zero words; returns how many there are. Most of the
     * stream goes through ZnzTable where it applies; the symbol reader checks the rest exactly.
     */
    static int read(EbpcParams p, byte[] buf, int at, int bytes, int n, long[] bitmap) throws Invalid {
        long limit = 8L * (at + bytes);
        int symbolBits = 1 + p.zeroRunBits();
        int maxRun = p.maxZeroRun();
        FullRuns runs = FullRuns.of(p);
        int fullBits = runs.bits();
        int fullWords = runs.words();
        long full = runs.pattern();
        long pos = 8L * at;
        int i = 0;
        int m = 0;
        boolean afterShortRun = false;
        ZnzTable table = ZnzTable.of(p);
        if (table != null) {
            int[] resume = new int[3];
            pos = table.read(buf, at, bytes, n, bitmap, resume);
            i = resume[0];
            m = resume[1];
            afterShortRun = resume[2] != 0;
        }
        // Then, while more words are left than one step can take (57 `1`s, then FullRuns or one
        // run): no step needs the checks against the stream's end.
        int margin = 57 + Math.max(fullWords, maxRun);
        while (i < n - margin) {
            if (pos > limit) {
                throw Invalid.INSTANCE;
            }
            long bits = BitReader.window(buf, pos);
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
                throw Invalid.INSTANCE; // truncated: the scalar kernel says where
            }
            // One window: a run of `1` symbols (non-zero words), then the zero-run symbol after it.
            long bits = BitReader.window(buf, pos);
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
                pos += fullBits; // FullRuns: many Z-word runs in one step
                i += fullWords;
                continue;
            }
            bits <<= ones;
            int run = (int) (bits >>> (64 - symbolBits)) + 1; // `0` + (k-1)
            pos += symbolBits;
            if (afterShortRun || run > n - i) {
                throw Invalid.INSTANCE;
            }
            i += run;
            afterShortRun = run < maxRun;
        }
        if (!paddingOnly(buf, pos, 8L * at, limit, p.wordWidth())) {
            throw Invalid.INSTANCE;
        }
        return m;
    }

    /**
     * True if bits [pos, limit) of buf are fewer than one w-bit word, all zero, and the stream
     * that starts at bit {@code start} a whole number of words.
     */
    static boolean paddingOnly(byte[] buf, long pos, long start, long limit, int w) {
        long left = limit - pos;
        return (limit - start) % w == 0
                && left >= 0
                && left < w
                && (left == 0 || BitReader.window(buf, pos) >>> (64 - left) == 0);
    }

    /** Sets bits [from, from + count) of the bitmap, count < 64, with no loop (the bitmap has a spare word at its end). */
    static void setOnes(long[] bitmap, int from, int count) {
        long ones = (1L << count) - 1;
        int bit = from & 63;
        bitmap[from >>> 6] |= ones << bit;
        bitmap[(from >>> 6) + 1] |= ones >>> 1 >>> (63 - bit);
    }
}
