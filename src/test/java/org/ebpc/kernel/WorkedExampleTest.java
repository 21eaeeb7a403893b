package org.ebpc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitWriter;
import org.junit.jupiter.api.Test;

/** FORMAT.md's worked example (W=8, N=8, Z=16), symbol by symbol. */
class WorkedExampleTest {

    static final byte[] INPUT = {
        0, 0, 0, 5, 7, 7, 0, 6, 4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, -3
    };

    /** Bits written by {@code body}, as a string of 0 and 1. */
    static String bits(java.util.function.Consumer<BitWriter> body) {
        BitWriter w = new BitWriter(64);
        body.accept(w);
        long n = w.bitLength();
        byte[] b = w.finish(8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((b[i / 8] >> (7 - i % 8)) & 1);
        }
        return s.toString();
    }

    @Test
    void znzStreamSymbolBySymbol() {
        EncodedStreams s = ScalarKernel.INSTANCE.encode(EbpcParams.DEFAULT, new Words.Int8(INPUT));
        // 3 zeros, 3 non-zero, 1 zero, 4 non-zero, 20 zeros as 16 + 4, 2 non-zero.
        String expected = "0" + "0010" + "111" + "0" + "0000" + "1111" + "0" + "1111" + "0" + "0011" + "11";
        assertEquals(29, expected.length());
        assertEquals(29, s.znzBits());
        assertEquals(expected, bits(w -> {
            for (int i = 0; i < 29; i++) {
                w.write((s.znz()[i / 8] >> (7 - i % 8)) & 1, 1);
            }
        }));
        assertArrayEquals(HexFormat.of().parseHex("1707bc78"), s.znz());
    }

    @Test
    void firstBlockSymbolBySymbol() {
        long[] block = {5, 7, 7, 6, 4, 4, 5, 9};
        String expected = "00000101" // base 5
                + "1" + "0010010" // X_0 = P_0, raw
                + "1" + "1001010" // X_1, raw
                + "1" + "1000001" // X_2, raw
                + "00011" + "110" // X_3: single one at p = 6
                + "001" + "011"; // X_4..X_8: zero run of 5
        assertEquals(46, expected.length());
        assertEquals(expected, bits(w -> ScalarKernel.encodeBlock(EbpcParams.DEFAULT, block, w)));
    }

    @Test
    void secondBlockIs29Bits() {
        long[] block = {-3, 0, 0, 0, 0, 0, 0, 0};
        // base -3; deltas 3, 0 x6: P_0 = P_1 = 1000000 (single one, p=0), then P_2..P_8 = 0.
        String expected = "11111101" + "00011" + "000" + "01" + "00001" + "001" + "100";
        assertEquals(29, expected.length());
        assertEquals(expected, bits(w -> ScalarKernel.encodeBlock(EbpcParams.DEFAULT, block, w)));
    }

    @Test
    void wholeBpcStreamAndRoundTrip() throws MalformedStreamException {
        EncodedStreams s = ScalarKernel.INSTANCE.encode(EbpcParams.DEFAULT, new Words.Int8(INPUT));
        assertEquals(75, s.bpcBits());
        assertArrayEquals(HexFormat.of().parseHex("0592cac11e2ff4610980"), s.bpc());
        Words.Int8 back = new Words.Int8(new byte[INPUT.length]);
        ScalarKernel.INSTANCE.decode(EbpcParams.DEFAULT, s.znz(), s.bpc(), back);
        assertArrayEquals(INPUT, back.a());
    }
}
