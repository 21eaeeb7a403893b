package org.ebpc.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The plane-symbol tables against each other and against FORMAT.md's symbol list: every
 * symbol the encoder's tables emit, followed by any bits, decodes through the by-plane decoder
 * tables at every plane to the same plane pattern, length and next plane; the symbols the
 * encoder never emits are flagged invalid; the row past the block adds nothing.
 */
class PlaneCodesTest {

    /** Decoder entry fields (PlaneCodes' javadoc). */
    private static int length(long f) {
        return (int) (f >>> 60);
    }

    private static int nextPlane8(long f) {
        return (int) (f >>> 48 & 0xF);
    }

    private static int nextPlane16(long f) {
        return (int) (f >>> 48 & 0x1F);
    }

    /** FORMAT.md's symbol for a non-zero lane-ordered plane X (bit i = delta d_i), as (code << 8) | length. */
    private static int formatSymbol(int x) {
        for (int p = 0; p < 7; p++) {
            if (x == 1 << p) {
                return (0b00011 << 3 | p) << 8 | 8;
            }
            if (p < 6 && x == 3 << p) {
                return (0b00010 << 3 | p) << 8 | 8;
            }
        }
        if (x == 0x7F) {
            return 5;
        }
        int msbFirst = 0;
        for (int i = 0; i < 7; i++) {
            msbFirst |= (x >>> i & 1) << (6 - i); // d_0 is written first
        }
        return (0x80 | msbFirst) << 8 | 8;
    }

    @Test
    void theEncodersPlaneSymbolsAreFormatMds() {
        for (int x = 1; x < 128; x++) {
            assertEquals(formatSymbol(x), PlaneCodes.SYMBOL[x], "X=" + Integer.toBinaryString(x));
            assertEquals(formatSymbol(x), PlaneCodes.SYMBOL_BY_INDEX[x], "X=" + Integer.toBinaryString(x) + ", P != 0");
            int wantZero =
                    x == 0x7F ? formatSymbol(x) : PlaneCodes.PLANE_ZERO; // P_k = 0 is `00001` unless X is all ones
            assertEquals(wantZero, PlaneCodes.SYMBOL_BY_INDEX[0x80 | x], "X=" + Integer.toBinaryString(x) + ", P = 0");
        }
        assertEquals(0, PlaneCodes.SYMBOL_BY_INDEX[0], "a zero plane is coded by runs, not a plane symbol");
        assertEquals(0b00001 << 8 | 5, PlaneCodes.PLANE_ZERO);
        int[] runs8 = PlaneCodes.runSymbols(8, 3);
        assertEquals(0b01 << 8 | 2, runs8[1]);
        for (int r = 2; r <= 9; r++) {
            assertEquals((0b001 << 3 | (r - 2)) << 8 | 6, runs8[r], "run of " + r);
        }
    }

    @Test
    void everyPlaneSymbolDecodesBackAtEveryPlaneWhateverFollowsIt() {
        for (int x = 1; x < 128; x++) {
            int sym = PlaneCodes.SYMBOL[x];
            int len = sym & 0xFF;
            for (int k = 0; k < 9; k++) {
                for (int fill = 0; fill < 1 << (8 - len); fill++) {
                    int b = (sym >>> 8) << (8 - len) | fill;
                    long f8 = PlaneCodes.BY_PLANE_FLAGS8[k * 256 + b];
                    String where = "X=" + Integer.toBinaryString(x) + " at plane " + k + ", byte " + b;
                    assertEquals((long) x << (7 * k), PlaneCodes.BY_PLANE_X8[k * 256 + b], where);
                    assertEquals(len, length(f8), where);
                    assertEquals(k + 1, nextPlane8(f8), where);
                    assertEquals(0, f8 & PlaneCodes.FLAGS8_INVALID, where);
                    long f16 = PlaneCodes.BY_PLANE_FLAGS16[k * 256 + b];
                    assertEquals(x, (int) (f16 >>> 40 & 0x7F), where + " (W=16)");
                    assertEquals(len, length(f16), where + " (W=16)");
                    assertEquals(k + 1, nextPlane16(f16), where + " (W=16)");
                    assertEquals(0, f16 & PlaneCodes.FLAGS16_INVALID, where + " (W=16)");
                }
            }
        }
    }

    @Test
    void zeroPlaneRunsDecodeToTheirLengthAndARunPastTheLastPlaneIsInvalid() {
        checkRuns(PlaneCodes.runSymbols(8, 3), 9, PlaneCodes.BY_PLANE_FLAGS8, PlaneCodes.FLAGS8_INVALID, 0xF);
        checkRuns(PlaneCodes.runSymbols(16, 4), 17, PlaneCodes.BY_PLANE_FLAGS16, PlaneCodes.FLAGS16_INVALID, 0x1F);
    }

    private static void checkRuns(int[] runs, int planes, long[] table, long invalid, int planeMask) {
        for (int r = 1; r <= planes; r++) {
            int len = runs[r] & 0xFF;
            for (int k = 0; k < planes; k++) {
                for (int fill = 0; fill < 1 << (8 - len); fill++) {
                    int b = (runs[r] >>> 8) << (8 - len) | fill;
                    long f = table[k * 256 + b];
                    String where = "run of " + r + " at plane " + k + " of " + planes + ", byte " + b;
                    assertEquals(len, length(f), where);
                    assertEquals(Math.min(k + r, planes), (int) (f >>> 48 & planeMask), where);
                    assertEquals(k + r > planes, (f & invalid) != 0, where);
                }
            }
        }
    }

    @Test
    void rawSymbolsWithAShorterFormAreInvalid() {
        for (int x = 0; x < 128; x++) {
            int msbFirst = Integer.reverse(x) >>> 25;
            int b = 0x80 | msbFirst;
            boolean shorter =
                    x == 0 || x == 0x7F || Integer.bitCount(x) == 1 || x == 3 << Integer.numberOfTrailingZeros(x);
            String where = "raw X=" + Integer.toBinaryString(x);
            assertEquals(shorter, (PlaneCodes.BY_PLANE_FLAGS8[b] & PlaneCodes.FLAGS8_INVALID) != 0, where);
            assertEquals(
                    shorter, (PlaneCodes.BY_PLANE_FLAGS16[b] & PlaneCodes.FLAGS16_INVALID) != 0, where + " (W=16)");
            assertEquals(shorter ? 0x100 : x, PlaneCodes.BYTE_SYMBOL8[b], where + " as a whole byte");
        }
        // Positions no plane has: a pair at 6 (bits 6 and 7), a single at 7.
        assertNotEquals(0, PlaneCodes.BY_PLANE_FLAGS8[0b00010_110] & PlaneCodes.FLAGS8_INVALID);
        assertNotEquals(0, PlaneCodes.BY_PLANE_FLAGS8[0b00011_111] & PlaneCodes.FLAGS8_INVALID);
    }

    @Test
    void theRowPastTheBlockAddsNothing() {
        for (int b = 0; b < 256; b++) {
            assertEquals(0, PlaneCodes.BY_PLANE_X8[9 * 256 + b]);
            assertEquals(9L << 48, PlaneCodes.BY_PLANE_FLAGS8[9 * 256 + b]);
            assertEquals(17L << 48, PlaneCodes.BY_PLANE_FLAGS16[17 * 256 + b]);
        }
    }
}
