package org.ebpc.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.bits.BitWriter;
import org.ebpc.kernel.ScalarKernel;
import org.junit.jupiter.api.Test;

/**
 * The byte-at-a-time ZNZ reader (ZnzTable, then the exact symbol reader from its last symbol
 * boundary) against the words the scalar encoder coded: runs of every length around a byte's
 * and a batch's worth, dead channels, slices of every size near the stop margin; and faults
 * (a run right after a short run, early or late, a cut stream, stray padding) rejected.
 */
class ZnzTableTest {

    private static final EbpcParams P = EbpcParams.DEFAULT; // Z = 16: the table's

    @Test
    void readsWhatTheScalarEncoderWrote() throws Invalid {
        assertNotNull(ZnzTable.of(P));
        Random r = new Random(7);
        int[] sizes = {1, 7, 8, 33, 41, 42, 43, 64, 100, 1000, 16384};
        double[] zeroShares = {0.0, 0.1, 0.5, 0.9, 0.99, 1.0};
        int[] meanRuns = {1, 3, 16, 17, 40, 300, 5000};
        for (int n : sizes) {
            for (double zeros : zeroShares) {
                for (int meanRun : meanRuns) {
                    byte[] words = new byte[n];
                    for (int i = 0; i < n; ) {
                        if (r.nextDouble() < zeros) {
                            i += 1 + r.nextInt(2 * meanRun); // a run of zeros
                        } else {
                            words[i++] = (byte) (1 + r.nextInt(255));
                        }
                    }
                    check(words, n + " words, " + zeros + " zeros, runs ~" + meanRun);
                }
            }
        }
    }

    @Test
    void everyRunLengthBetweenNonZeroWords() throws Invalid {
        for (int run = 0; run <= 300; run++) {
            for (int lead = 0; lead < 8; lead++) {
                byte[] words = new byte[lead + run + 60];
                Arrays.fill(words, 0, lead, (byte) 1);
                Arrays.fill(words, lead + run, words.length, (byte) 2);
                check(words, "lead " + lead + " run " + run);
                check(Arrays.copyOf(words, lead + run), "lead " + lead + " run " + run + " at the end");
            }
        }
    }

    @Test
    void aRunRightAfterAShortRunIsRejectedWhereverItIs() {
        for (int at : new int[] {0, 3, 100, 2000, 4000 - 30}) {
            BitWriter w = new BitWriter(1 << 16);
            int n = 0;
            for (int i = 0; i < at; i++) {
                w.write(1, 1);
                n++;
            }
            w.write(2, 5); // a run of 3 zeros...
            w.write(0, 5); // ...then a run of 1: one run of 4 has a shorter code
            n += 4;
            while (n < 4000) {
                w.write(1, 1);
                n++;
            }
            byte[] znz = w.finish(8);
            int words = n;
            assertThrows(Invalid.class, () -> ZnzReader.readZnz(P, znz, words, new long[words / 64 + 2]), "at " + at);
        }
    }

    @Test
    void aCutStreamOrStrayPaddingIsRejected() throws Invalid {
        byte[] words = new byte[5000];
        for (int i = 0; i < words.length; i += 3) {
            words[i] = 9;
        }
        byte[] znz = new EbpcEncoder(P, ScalarKernel.INSTANCE).encode(words).znz();
        assertEquals(1667, ZnzReader.readZnz(P, znz, words.length, new long[words.length / 64 + 2]));
        byte[] cut = Arrays.copyOf(znz, znz.length - 1);
        assertThrows(Invalid.class, () -> ZnzReader.readZnz(P, cut, words.length, new long[words.length / 64 + 2]));
        byte[] longer = Arrays.copyOf(znz, znz.length + 1);
        longer[longer.length - 1] = 1;
        assertThrows(Invalid.class, () -> ZnzReader.readZnz(P, longer, words.length, new long[words.length / 64 + 2]));
    }

    private static void check(byte[] words, String where) throws Invalid {
        int n = words.length;
        byte[] znz = new EbpcEncoder(P, ScalarKernel.INSTANCE).encode(words).znz();
        long[] expected = new long[n / 64 + 2];
        int nonZero = 0;
        for (int i = 0; i < n; i++) {
            if (words[i] != 0) {
                expected[i >>> 6] |= 1L << i;
                nonZero++;
            }
        }
        long[] bitmap = new long[n / 64 + 2];
        assertEquals(nonZero, ZnzReader.readZnz(P, znz, n, bitmap), where);
        assertArrayEquals(expected, bitmap, where);
    }
}
