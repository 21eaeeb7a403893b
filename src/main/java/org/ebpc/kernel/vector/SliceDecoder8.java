package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.Int8Decoder.*;
import static org.ebpc.kernel.vector.Species.*;

import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.bits.BitReader;
import org.ebpc.kernel.Kernel.Slice;

/**
 * W = 8 decoding of a chunk's slices straight from the chunk's buffer (no copy of a stream), two
 * slices at a time: their ZNZ streams (byte by byte through ZnzTable for Z = 16, else two symbol
 * readers in turn), then their block readers, interleaved step by step. Each
 * reader is one serial chain (a symbol's length gives the next symbol's position); two
 * independent chains overlap in the CPU's out-of-order window. Every check of Int8Decoder and
 * ZnzReader is made for each slice; any fault throws Invalid, and the caller lets the scalar
 * kernel name it.
 */
final class SliceDecoder8 {

    private SliceDecoder8() {
    }

    static void decode(EbpcParams p, byte[] buf, List<Slice> slices, byte[] out) throws Invalid {
        int i = 0;
        for (; i + 1 < slices.size(); i += 2) {
            decodePair(p, buf, slices.get(i), slices.get(i + 1), out);
        }
        if (i < slices.size()) {
            decodePair(p, buf, slices.get(i), null, out);
        }
    }

    /** Decodes slice a and, if not null, slice b side by side. */
    private static void decodePair(EbpcParams p, byte[] buf, Slice a, Slice b, byte[] out) throws Invalid {
        int nA = a.words();
        int nB = b == null ? 0 : b.words();
        long[] bitmapA = new long[(nA + 63) / 64 + 1];
        long[] bitmapB = new long[(nB + 63) / 64 + 1];
        int[] m = new int[2];
        if (ZnzTable.of(p) != null) {   // byte by byte through the table: one slice after the other
            m[0] = ZnzReader.read(p, buf, a.znzAt(), a.znzBytes(), nA, bitmapA);
            m[1] = b == null ? 0 : ZnzReader.read(p, buf, b.znzAt(), b.znzBytes(), nB, bitmapB);
        } else {
            readZnzPair(p, buf, a, nA, bitmapA, b, nB, bitmapB, m);
        }
        int blocksA = (m[0] + 7) / 8;
        int blocksB = (m[1] + 7) / 8;
        byte[] denseA = new byte[8 * blocksA + 16 + 2 * BYTES.length()];
        byte[] denseB = new byte[8 * blocksB + 16 + 2 * BYTES.length()];
        long limitA = 8L * (a.bpcAt() + a.bpcBytes());
        long limitB = b == null ? 0 : 8L * (b.bpcAt() + b.bpcBytes());
        long posA = 8L * a.bpcAt();
        long posB = b == null ? 0 : 8L * b.bpcAt();
        long[] planes = new long[BLOCKS8];
        long[] gA = new long[GROUP_FIELDS * BLOCKS8];
        long[] gB = new long[GROUP_FIELDS * BLOCKS8];
        int both = Math.min(blocksA, blocksB) / BLOCKS8 * BLOCKS8;   // whole groups in both slices
        for (int b0 = 0; b0 < both; b0 += BLOCKS8) {
            for (int k = 0; k < BLOCKS8; k++) {
                if ((posA > limitA) | (posB > limitB)) {
                    throw Invalid.INSTANCE;   // truncated
                }
                posA = readBlock8(buf, posA, gA, k);
                posB = readBlock8(buf, posB, gB, k);
            }
            wordsOfGroup8(gA, planes, expectedZeros(m[0] - 8 * b0), denseA, 8 * b0);
            wordsOfGroup8(gB, planes, expectedZeros(m[1] - 8 * b0), denseB, 8 * b0);
        }
        posA = readBlocks8(buf, limitA, posA, both, blocksA, m[0], denseA);
        if (!ZnzReader.paddingOnly(buf, posA, limitA, 8)) {
            throw Invalid.INSTANCE;
        }
        Compaction.expand8(bitmapA, denseA, out, a.outAt(), nA);
        if (b != null) {
            posB = readBlocks8(buf, limitB, posB, both, blocksB, m[1], denseB);
            if (!ZnzReader.paddingOnly(buf, posB, limitB, 8)) {
                throw Invalid.INSTANCE;
            }
            Compaction.expand8(bitmapB, denseB, out, b.outAt(), nB);
        }
    }

    /**
     * The ZNZ streams of slices a and b (b may be null) into their bitmaps, as ZnzReader.readZnz
     * does for one, the two readers stepping in turn; the non-zero word counts go to m.
     */
    static void readZnzPair(EbpcParams p, byte[] buf, Slice a, int nA, long[] bitmapA, Slice b, int nB, long[] bitmapB, int[] m)
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
        boolean shortA = false;   // the last symbol was a zero run shorter than Z: no run may follow it
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
                    posA += fullBits;   // FullRuns: many Z-word runs in one step
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
                    posB += fullBits;   // FullRuns: many Z-word runs in one step
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
        if (!ZnzReader.paddingOnly(buf, posA, limitA, p.wordWidth()) || (b != null && !ZnzReader.paddingOnly(buf, posB, limitB, p.wordWidth()))) {
            throw Invalid.INSTANCE;
        }
        m[0] = mA;
        m[1] = mB;
    }
}
