package org.ebpc.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ebpc.EbpcParams;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;
import org.junit.jupiter.api.Test;

/** The baseline schemes on small examples checked by hand. */
class SchemesTest {

    static Words words(int... v) {
        Words w = Words.allocate(8, v.length);
        for (int i = 0; i < v.length; i++) {
            w.set(i, v[i]);
        }
        return w;
    }

    @Test
    void zvcIsAMaskBitPerWordPlusTheNonZeroWords() {
        Words w = words(0, 3, 0, 0, -1, 0, 0, 0);
        assertEquals(6, Schemes.zeros(w));
        var s = Schemes.sizes(
                EbpcParams.DEFAULT,
                w,
                ScalarKernel.INSTANCE.encode(EbpcParams.DEFAULT, w),
                Schemes.independentOfParams(w, new byte[8], Schemes.zeros(w), false));
        assertEquals(8 + 2 * 8, s.get("ZVC"));
    }

    @Test
    void rleCodesEachNonZeroWithItsZeroRunAndSplitsRunsOfSixteen() {
        // 1 zero then 3: (1,3); 2 zeros then -1: (2,-1); 3 trailing zeros: (2,0). 3 pairs of 4+8 bits.
        assertEquals(3 * 12, Schemes.rle(words(0, 3, 0, 0, -1, 0, 0, 0), 8));
        // 20 zeros then 5: (15,0) for 16 zeros, then (4,5).
        int[] v = new int[21];
        v[20] = 5;
        assertEquals(2 * 12, Schemes.rle(words(v), 8));
        assertEquals(0, Schemes.rle(words(), 8));
    }

    @Test
    void cscHasAValueAndOffsetPerEntryPlusACount() {
        assertEquals(32 + 2 * 12, Schemes.csc(words(0, 3, 0, 0, -1, 0, 0, 0), 8));
        int[] v = new int[21];
        v[20] = 5;
        assertEquals(32 + 2 * 12, Schemes.csc(words(v), 8), "a gap of 20 needs one explicit zero entry");
    }

    @Test
    void plainBpcCodesAllWordsInBlocks() {
        // FORMAT.md's first block, 5 7 7 6 4 4 5 9, is 46 bits; all zeros: base + a run of 9 = 8 + 6 bits.
        assertEquals(46, Schemes.bpcOfAllWords(EbpcParams.DEFAULT, words(5, 7, 7, 6, 4, 4, 5, 9)));
        assertEquals(14, Schemes.bpcOfAllWords(EbpcParams.DEFAULT, words(0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(46 + 14, Schemes.bpcOfAllWords(EbpcParams.DEFAULT, words(5, 7, 7, 6, 4, 4, 5, 9, 0)));
    }

    @Test
    void entropyOfTheWords() {
        assertEquals(0.0, Schemes.entropyBits(words(7, 7, 7, 7)), 1e-9);
        assertEquals(4.0, Schemes.entropyBits(words(0, 1, 0, 1)), 1e-9);
        assertEquals(8.0, Schemes.entropyBits(words(0, 1, 2, 3)), 1e-9);
    }
}
