package org.ebpc.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineTest {

    @Test
    void everyPeerRoundTripsEveryLengthAndWordSize() {
        SplittableRandom r = new SplittableRandom(7);
        for (int wordBytes : new int[] {1, 2, 4}) {
            for (Baseline b : Baseline.standard(wordBytes)) {
                for (int n : new int[] {0, 1, 3, 7, 8, 9, 1001, (1 << 16) + 3}) {
                    byte[] in = new byte[n];
                    for (int i = 0; i < n; i++) {
                        in[i] = (byte) (r.nextInt(3) == 0 ? 0 : r.nextInt(40));
                    }
                    byte[] back = b.decompress(b.compress(in), n);
                    assertArrayEquals(in, back, b.name() + ", words of " + wordBytes + " bytes, " + n + " bytes");
                }
            }
        }
    }

    @Test
    void bitshuffleReallyTransposesBitPlanes() {
        // A slow int16 ramp: its bit planes are long runs, its bytes are not. Plain lz4 finds
        // little; after the bit transposition lz4 finds a lot.
        byte[] ramp = new byte[1 << 16];
        for (int i = 0; i < ramp.length / 2; i++) {
            int v = 1000 + i / 3;
            ramp[2 * i] = (byte) v;
            ramp[2 * i + 1] = (byte) (v >>> 8);
        }
        int plain = Baseline.lz4().compress(ramp).length;
        int shuffled = Baseline.bitshuffleLz4(2).compress(ramp).length;
        assertTrue(shuffled * 4 < plain, "bitshuffle+lz4 " + shuffled + " bytes, lz4 " + plain);
    }
}
