package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.ebpc.MalformedStreamException.Stream;
import org.ebpc.bits.BitWriter;
import org.ebpc.kernel.Kernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of hostile stream ends in a MalformedStreamException naming the stream and bit. */
class HostileStreamTest {

    // FORMAT.md's worked example: 33 words, ZNZ 29 bits, BPC 75 bits (blocks of 46 and 29).
    static final byte[] ZNZ = HexFormat.of().parseHex("1707bc78");
    static final byte[] BPC = HexFormat.of().parseHex("0592cac11e2ff4610980");
    static final int N = 33;

    static List<Kernel> kernels() {
        return TestKernels.all();
    }

    static MalformedStreamException decodeFails(Kernel k, byte[] znz, byte[] bpc, int n) {
        return assertThrows(
                MalformedStreamException.class, () -> new EbpcDecoder(EbpcParams.DEFAULT, k).decodeBytes(znz, bpc, n));
    }

    static byte[] bits(String s) {
        BitWriter w = new BitWriter(s.length());
        for (char c : s.toCharArray()) {
            w.write(c - '0', 1);
        }
        return w.finish(8);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void validExampleDecodes(Kernel k) throws MalformedStreamException {
        byte[] words = new EbpcDecoder(EbpcParams.DEFAULT, k).decodeBytes(ZNZ, BPC, N);
        byte[] expected = new byte[N]; // FORMAT.md: 0 0 0 5 7 7 0 6 4 4 5, twenty 0, 9 -3
        byte[] head = {0, 0, 0, 5, 7, 7, 0, 6, 4, 4, 5};
        System.arraycopy(head, 0, expected, 0, head.length);
        expected[31] = 9;
        expected[32] = -3;
        assertArrayEquals(expected, words);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void truncatedBpcStream(Kernel k) {
        MalformedStreamException e = decodeFails(k, ZNZ, Arrays.copyOf(BPC, 8), N);
        assertEquals(Stream.BPC, e.stream());
        assertTrue(e.bitOffset() > 46 && e.bitOffset() <= 64, e.getMessage());
        assertTrue(e.getMessage().startsWith("BPC stream, bit "), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void truncatedZnzStream(Kernel k) {
        MalformedStreamException e = decodeFails(k, Arrays.copyOf(ZNZ, 3), BPC, N);
        assertEquals(Stream.ZNZ, e.stream());
        assertTrue(e.bitOffset() <= 24, e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void paddingBitsNotZero(Kernel k) {
        byte[] znz = ZNZ.clone();
        znz[3] |= 1; // bit 31 lies in the 3 padding bits after 29
        MalformedStreamException e = decodeFails(k, znz, BPC, N);
        assertEquals(Stream.ZNZ, e.stream());
        assertEquals(29, e.bitOffset());
        assertTrue(e.reason().contains("padding"), e.getMessage());

        byte[] bpc = BPC.clone();
        bpc[9] |= 1; // bit 79, after the 75 bits of the two blocks
        e = decodeFails(k, ZNZ, bpc, N);
        assertEquals(Stream.BPC, e.stream());
        assertEquals(75, e.bitOffset());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void wordsLeftOverAfterTheLastWord(Kernel k) {
        // 32 words: the last `1` of the ZNZ stream and block 1's remaining data are left over.
        MalformedStreamException e = decodeFails(k, ZNZ, BPC, 32);
        assertEquals(Stream.ZNZ, e.stream(), e.getMessage()); // the ZNZ stream ends first: its `1` at bit 28
        assertEquals(28, e.bitOffset(), e.getMessage());
        assertTrue(e.getMessage().contains("padding after the last of 32 words"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void zeroRunOvershootsTheWordCount(Kernel k) {
        // `0 1111`: a run of 16 zeros, but only 5 words are asked for.
        MalformedStreamException e = decodeFails(k, bits("01111000"), new byte[0], 5);
        assertEquals(Stream.ZNZ, e.stream());
        assertEquals(0, e.bitOffset());
        assertTrue(e.reason().contains("overshoots"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void tooFewBlocks(Kernel k) {
        // Nine non-zero words need two blocks; only block 0 (46 bits, padded to 48) is there.
        byte[] oneBlock = Arrays.copyOf(BPC, 6);
        oneBlock[5] &= (byte) 0xFC;
        MalformedStreamException e = decodeFails(k, ZNZ, oneBlock, N);
        assertEquals(Stream.BPC, e.stream());
        assertTrue(e.bitOffset() >= 46, e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void tooManyBlocks(Kernel k) {
        // Three words, all zero but one: one block; a second copy of it follows.
        byte[] znz = bits("1" + "0" + "0001" + "00"); // 1, then a run of 2 zeros
        // Base 1, deltas -1, 0, ..: X_0 = 1000000 (single one at 0), X_1..X_8 = 0 (a run of 8).
        String block = "00000001" + "00011" + "000" + "001" + "110";
        byte[] oneBlock = bits(block + "00");
        byte[] twoBlocks = bits(block + block + "0000");
        assertEquals(3, decodeOk(k, znz, oneBlock, 3).length);
        MalformedStreamException e = decodeFails(k, znz, twoBlocks, 3);
        assertEquals(Stream.BPC, e.stream());
        assertEquals(22, e.bitOffset());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void planeRunLongerThanTheBlock(Kernel k) {
        // Base 1, deltas -1, 0, ..: X_0 = 1000000 -> single one at 0, then a run of 9 from plane 1.
        String block = "00000001" + "00011" + "000" + "001" + "111";
        byte[] bpc = bits(block + "000000000000".substring(0, (8 - block.length() % 8) % 8));
        MalformedStreamException e = decodeFails(k, bits("1" + "0110" + "000"), bpc, 8);
        assertEquals(Stream.BPC, e.stream());
        assertEquals(16, e.bitOffset());
        assertTrue(e.reason().contains("past the last plane"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void absurdWordCountIsRejectedBeforeAllocating(Kernel k) {
        MalformedStreamException e = decodeFails(k, ZNZ, BPC, Integer.MAX_VALUE - 16);
        assertEquals(Stream.ZNZ, e.stream());
        assertTrue(e.reason().contains("cannot describe"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void zeroWordWhereZnzSaysNonZero(Kernel k) {
        // Two words marked non-zero, but the block decodes to 1, 0.
        String block = "00000001" + "00011" + "000" + "001" + "110";
        byte[] bpc = bits(block + "000");
        MalformedStreamException e = decodeFails(k, bits("11000000"), bpc, 2);
        assertEquals(Stream.BPC, e.stream());
        assertTrue(e.reason().contains("zero"), e.getMessage());
    }

    /** One block of 8 non-zero words as a padded BPC stream. */
    static byte[] block(String bits) {
        return bits(bits + "0000000".substring(0, (8 - bits.length() % 8) % 8));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void nonCanonicalSymbolsAreRejected(Kernel k) {
        // The decoder takes only what the encoder writes, so a stream has one decoding and a
        // decoded file re-encodes to the same bytes. Two blocks, each canonical and then in
        // forms that decode to the same words with other symbols.
        byte[] znz = bits("11111111");
        String base = "00000001";
        // Words 1 x 8: every plane X_k = 0, one run of 9 planes.
        assertEquals("[1, 1, 1, 1, 1, 1, 1, 1]", Arrays.toString(decodeOk(k, znz, block(base + "001" + "111"), 8)));
        String[] sameWords = {
            base + "01" + "001" + "110", // a run of 1, then a run of 8
            base + "01" + "01" + "001" + "101", // three runs in a row
            base + "001" + "110" + "01", // a run of 8, then a run of 1
            base + "00001" + "001" + "110", // `00001` (P_0 = 0) where X_0 = 0 is a run
        };
        for (String s : sameWords) {
            decodeFails(k, znz, block(s), 8);
        }
        // Words 1, 2 x 7: X_0 a single one at 0, X_1 the same with P_1 = 0, then 7 zero planes.
        assertEquals(
                "[1, 2, 2, 2, 2, 2, 2, 2]",
                Arrays.toString(decodeOk(k, znz, block(base + "00011000" + "00001" + "001101"), 8)));
        String[] sameWords2 = {
            base + "11000000" + "00001" + "001101", // X_0 raw, where the single-one symbol fits
            base + "00011000" + "00011000" + "001101", // X_1 as a single one, where P_1 = 0 says `00001`
            base + "00011000" + "00001" + "01" + "001" + "100", // the 7 zero planes as two runs
        };
        for (String s : sameWords2) {
            decodeFails(k, znz, block(s), 8);
        }
        // Words 2, 1 x 7 (d_0 = -1, the rest 0): X_0 a single one at 0, then a run of the 8
        // planes left: the block shape the int8 reader takes without a symbol loop.
        assertEquals(
                "[2, 1, 1, 1, 1, 1, 1, 1]",
                Arrays.toString(decodeOk(k, znz, block("00000010" + "00011000" + "001110"), 8)));
        String[] fastShape = {
            "00000010" + "11000000" + "001110", // X_0 raw, where the single-one symbol fits
            "00000010" + "00010110" + "001110", // a pair at position 6: past the plane's end
            "00000010" + "00011111" + "001110", // a single one at position 7: likewise
        };
        for (String s : fastShape) {
            decodeFails(k, znz, block(s), 8);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aPlaneZeroSymbolWithNothingToResetSaysWhy(Kernel k) {
        byte[] znz = bits("11111111");
        // `00001` at plane 0, where X_0 = P_{-1} = 0: a zero plane is a run.
        assertTrue(decodeFails(k, znz, block("00000001" + "00001" + "001110"), 8)
                .reason()
                .contains("P = 0 symbol at plane 0 where X is zero (not canonical)"));
        // X_0 all ones (`00000`), then `00001` at plane 1: X_1 = P_0 = all ones has its own symbol.
        assertTrue(decodeFails(k, znz, block("00000001" + "00000" + "00001" + "001101"), 8)
                .reason()
                .contains("P = 0 symbol at plane 1 where X is all ones (not canonical)"));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void nonCanonicalW16SymbolsAreRejected(Kernel k) {
        // As above for W = 16 (17 planes, run lengths in 4 bits), whose block reader is another.
        EbpcParams p = new EbpcParams(16, 8, 16);
        byte[] znz = padded16("11111111");
        String base = "0000000000000001";
        // Words 1 x 8: every X_k = 0, one run of 17 planes.
        assertEquals(
                "[1, 1, 1, 1, 1, 1, 1, 1]",
                Arrays.toString(decodeShortsOk(k, p, znz, padded16(base + "001" + "1111"))));
        String[] notCanonical = {
            base + "01" + "001" + "1110", // a run of 1, then a run of 16
            base + "001" + "1110" + "01", // a run of 16, then a run of 1
        };
        for (String s : notCanonical) {
            assertThrows(
                    MalformedStreamException.class, () -> new EbpcDecoder(p, k).decodeShorts(znz, padded16(s), 8), s);
        }
        // Words 8, 7, ..., 1: X_0 all ones (every delta -1), then a run of the other 16 planes;
        // the same with a run of 17, which would end past plane 16, is not a stream.
        String base8 = "0000000000001000";
        assertEquals(
                "[8, 7, 6, 5, 4, 3, 2, 1]",
                Arrays.toString(decodeShortsOk(k, p, znz, padded16(base8 + "00000" + "001" + "1110"))));
        assertThrows(
                MalformedStreamException.class,
                () -> new EbpcDecoder(p, k).decodeShorts(znz, padded16(base8 + "00000" + "001" + "1111"), 8));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aWholeSymbolAtPlaneSixteenWhereItsPlaneIsZeroIsRefused(Kernel k) {
        // Every delta >= 0, so P_16 = 0, and planes 0-15 each an 8-bit symbol (words found by
        // search): the encoder ends the block with `00001`. The same block with X_16 = P_15 (a
        // single one at 6) as the 8-bit symbol `00011` + 110 decodes to the same words and is
        // the W = 16 reader's common shape, 17 whole symbols; it is not canonical.
        EbpcParams p = new EbpcParams(16, 8, 16);
        byte[] znz = padded16("11111111");
        short[] words = {-32768, -32768, -32768, -10944, -10774, -10774, -10774, 32767};
        String planes0to15 =
                "1000000000000000" + "00011110" + "10001001".repeat(5) + "00010010".repeat(3) + "10010001".repeat(7);
        assertOnlyTheCanonicalBlockDecodes(k, p, znz, words, planes0to15 + "00001", planes0to15 + "00011110");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aRawSymbolAtPlaneSixteenThatHoldsASingleOneIsRefused(Kernel k) {
        // 17 whole 8-bit symbols (random words found by search), the last the single `00011` +
        // 011; as the raw `1` + 0001000 it decodes to the same words, in the W = 16 reader's
        // common shape, and is not canonical.
        EbpcParams p = new EbpcParams(16, 8, 16);
        byte[] znz = padded16("11111111");
        short[] words = {-9771, 2152, -6798, -18414, 23482, 7038, 1204, -20764};
        String base = "1101100111010101";
        String planes0to15 = "0001100010100010111001001010111011101011110110001001111111011000"
                + "1111001011110011101110010001010111010011111110111111110110001101";
        assertOnlyTheCanonicalBlockDecodes(
                k, p, znz, words, base + planes0to15 + "00011011", base + planes0to15 + "10001000");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aRawZeroAtPlaneSixteenIsRefused(Kernel k) {
        // 16 whole 8-bit symbols, then X_16 = 0 as the run `01` (random words found by search);
        // as the raw `1` + 0000000 the block decodes to the same words and has the W = 16
        // reader's common shape, 17 whole symbols; no sign check can see it, only the symbol's.
        EbpcParams p = new EbpcParams(16, 8, 16);
        byte[] znz = padded16("11111111");
        short[] words = {19686, 12679, 65, 4740, -3515, 26380, 20741, -9418};
        String base = "0100110011100110";
        String planes0to15 = "1101111111101011000100011010011000011110000110001111110111110000"
                + "1110010010110011110101011100011110110111110110101010100010000101";
        assertOnlyTheCanonicalBlockDecodes(
                k, p, znz, words, base + planes0to15 + "01", base + planes0to15 + "10000000");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void twoPartW16BlocksWithAShorterSymbolAreRefused(Kernel k) {
        // Blocks of two parts (whole symbols, one short symbol, whole symbols or a run), which
        // the W = 16 reader takes without a symbol loop. Words 1, 3, 6, ..., 21: P_0 = 0111111
        // (raw), X_1 = 1000000 (a single one), X_2 = P_1 = all ones (`00000`), then a run of the
        // 14 zero planes left. As `00001` (P_2 = 0) at plane 2 the block decodes to the same words.
        EbpcParams p = new EbpcParams(16, 8, 16);
        byte[] znz = padded16("11111111");
        short[] words = {1, 3, 6, 9, 12, 15, 18, 21};
        String head = "0000000000000001" + "10111111" + "00011000";
        assertOnlyTheCanonicalBlockDecodes(k, p, znz, words, head + "00000" + "0011100", head + "00001" + "0011100");
        // `00001` at plane 0, then a run of the 16 planes left: X_0 = P_0 = 0 is a run.
        assertThrows(
                MalformedStreamException.class,
                () -> new EbpcDecoder(p, k).decodeShorts(znz, padded16("0000000000000001" + "00001" + "0011110"), 8));
        // Even words (random, found by search): X_0 = 0 (`01`), then 16 whole symbols. As
        // `00001` at plane 0 (P_0 = 0) the block decodes to the same words.
        short[] even = {712, 14224, -28968, 28262, -126, -25972, -12210, -17930};
        StringBuilder coded = new StringBuilder();
        for (byte b : new EbpcEncoder(p).encode(even).bpc()) {
            coded.append(String.format("%8s", Integer.toBinaryString(b & 0xFF)).replace(' ', '0'));
        }
        String canonical = coded.substring(0, 16 + 2 + 16 * 8);
        assertEquals("01", canonical.substring(16, 18));
        assertOnlyTheCanonicalBlockDecodes(
                k, p, znz, even, canonical, canonical.substring(0, 16) + "00001" + canonical.substring(18));
    }

    /**
     * The W = 16 block {@code canonical} (bits) is what the encoder writes for {@code words} and
     * decodes to them; {@code other}, the same words in a symbol that is not the canonical one,
     * is refused.
     */
    static void assertOnlyTheCanonicalBlockDecodes(
            Kernel k, EbpcParams p, byte[] znz, short[] words, String canonical, String other) {
        assertArrayEquals(new EbpcEncoder(p).encode(words).bpc(), padded16(canonical));
        assertArrayEquals(words, decodeShortsOk(k, p, znz, padded16(canonical)));
        assertThrows(
                MalformedStreamException.class,
                () -> new EbpcDecoder(p, k).decodeShorts(znz, padded16(other), words.length));
    }

    static byte[] padded16(String bits) {
        return bits(bits + "0".repeat((16 - bits.length() % 16) % 16));
    }

    static short[] decodeShortsOk(Kernel k, EbpcParams p, byte[] znz, byte[] bpc) {
        try {
            return new EbpcDecoder(p, k).decodeShorts(znz, bpc, 8);
        } catch (MalformedStreamException e) {
            throw new AssertionError("valid stream rejected: " + e.getMessage(), e);
        }
    }

    static byte[] decodeOk(Kernel k, byte[] znz, byte[] bpc, int n) {
        try {
            return new EbpcDecoder(EbpcParams.DEFAULT, k).decodeBytes(znz, bpc, n);
        } catch (MalformedStreamException e) {
            throw new AssertionError("valid stream rejected: " + e.getMessage(), e);
        }
    }
    /**
     * The words and a ZNZ stream for them that is not canonical: a zero run of 3 and then
     * Z-word runs (as many as the readers take in one step, or 1), where the encoder writes the
     * long runs first. {@code ones} non-zero words before, some after.
     */
    private static Object[] shortRunFirst(EbpcParams p, int ones, boolean oneStep) {
        int runBits = p.zeroRunBits();
        int symbolBits = 1 + runBits;
        int fullRuns = oneStep ? BitWriter.MAX_FIELD / symbolBits : 1;
        int after = ones > 0 ? 300 : 1; // enough for the main loop to reach the runs
        byte[] words = new byte[ones + 3 + p.maxZeroRun() * fullRuns + after];
        Arrays.fill(words, 0, ones, (byte) 7);
        Arrays.fill(words, words.length - after, words.length, (byte) 9);
        String three = "0"
                + String.format("%" + runBits + "s", Integer.toBinaryString(2)).replace(' ', '0');
        String full = "0" + "1".repeat(runBits);
        String znz = "1".repeat(ones) + three + full.repeat(fullRuns) + "1".repeat(after);
        return new Object[] {words, bits(znz)};
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aShortZeroRunBeforeLongOnesIsRefusedOnEveryPath(Kernel k) {
        // Z = 16 goes through the vector kernel's table reader, Z = 8 and 32 through its symbol
        // readers: the main loop (3000 ones first) and the one near the end.
        for (EbpcParams p : new EbpcParams[] {EbpcParams.DEFAULT, new EbpcParams(8, 8, 8), new EbpcParams(8, 8, 32)}) {
            for (int ones : new int[] {0, 3000}) {
                for (boolean oneStep : new boolean[] {false, true}) {
                    refusedAlone(k, p, ones, oneStep);
                    for (int bad = 0; bad < 2; bad++) {
                        refusedAsSlice(k, p, ones, oneStep, bad);
                    }
                }
            }
        }
    }

    private static void refusedAlone(Kernel k, EbpcParams p, int ones, boolean oneStep) {
        Object[] c = shortRunFirst(p, ones, oneStep);
        byte[] words = (byte[]) c[0];
        byte[] bpc = new EbpcEncoder(p).encode(words).bpc();
        MalformedStreamException e = assertThrows(
                MalformedStreamException.class,
                () -> new EbpcDecoder(p, k).decodeBytes((byte[]) c[1], bpc, words.length));
        assertTrue(
                e.getMessage().contains("zero run follows a zero run shorter than Z"), p + " " + ones + " " + oneStep);
    }

    /** Two slices decoded as a pair, slice {@code bad} with the stream above, the other canonical. */
    private static void refusedAsSlice(Kernel k, EbpcParams p, int ones, boolean oneStep, int bad) {
        Object[] c = shortRunFirst(p, ones, oneStep);
        byte[] words = (byte[]) c[0];
        EncodedStreams good = new EbpcEncoder(p).encode(words);
        byte[][] znzs = bad == 0 ? new byte[][] {(byte[]) c[1], good.znz()} : new byte[][] {good.znz(), (byte[]) c[1]};
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        List<Kernel.Slice> slices = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int at = buf.size();
            buf.writeBytes(znzs[i]);
            buf.writeBytes(good.bpc());
            slices.add(new Kernel.Slice(
                    at, znzs[i].length, at + znzs[i].length, good.bpc().length, i * words.length, words.length));
        }
        byte[] all = Arrays.copyOf(buf.toByteArray(), buf.size() + 64);
        Kernel.SliceException e = assertThrows(
                Kernel.SliceException.class,
                () -> k.decodeSlices(p, all, slices, org.ebpc.kernel.Words.allocate(8, 2 * words.length)));
        assertEquals(bad, e.index());
        assertTrue(e.getMessage().contains("zero run follows a zero run shorter than Z"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aNonCanonicalSymbolAtPlaneEightOfAWholeSymbolBlockIsRefused(Kernel k) {
        // Nine whole 8-bit symbols, the int8 reader's common shape with plane 8 included (words
        // found by search): plane 8 is a single-one symbol (`00011` + 000); written raw (`1` +
        // X), where the single-one symbol fits, it is not canonical. The reader takes plane 8
        // apart from planes 0-7.
        byte[] znz = bits("11111111");
        String planes0to7 = "10010000" + "10110101" + "00010001" + "11101000" + "11001100" + "11111011" + "11000101"
                + "10110011" + "11011010";
        assertEquals(
                "[-112, 36, -15, -94, 22, -3, -83, -36]",
                Arrays.toString(decodeOk(k, znz, block(planes0to7 + "00011000"), 8)));
        decodeFails(k, znz, block(planes0to7 + "11000000"), 8);
    }
}
