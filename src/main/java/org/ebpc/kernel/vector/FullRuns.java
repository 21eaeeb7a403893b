package org.ebpc.kernel.vector;

import org.ebpc.EbpcParams;

/**
 * As many Z-word zero-run symbols as one field of BitWriter.MAX_FIELD bits holds (11 of the hardware's 5-bit
 * symbols): written and recognized as one field, because sparse maps have runs of thousands of
 * zeros (a dead channel), one symbol every Z words.
 */
record FullRuns(int count, int bits, int words, long pattern) {

    static FullRuns of(EbpcParams p) {
        int symbolBits = 1 + p.zeroRunBits();
        int count = org.ebpc.bits.BitWriter.MAX_FIELD / symbolBits;
        long pattern = 0;
        for (int k = 0; k < count; k++) {
            pattern = pattern << symbolBits | (p.maxZeroRun() - 1);
        }
        return new FullRuns(count, count * symbolBits, count * p.maxZeroRun(), pattern);
    }
}
