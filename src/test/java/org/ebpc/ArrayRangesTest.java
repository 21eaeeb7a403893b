package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.ebpc.kernel.Kernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The array-range API, as aircompressor tests its own: output at an offset between canaries, too-small buffers, every kernel. */
class ArrayRangesTest {

    static java.util.List<Kernel> kernels() {
        return TestKernels.all();
    }

    private static byte[] activations(int n, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextInt(5) < 2 ? 0 : (byte) r.nextInt(128);
        }
        return b;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void bytesAtAnOffsetBetweenCanaries(Kernel k) throws MalformedStreamException {
        EbpcParams p = EbpcParams.DEFAULT;
        byte[] words = activations(1003, 1);
        byte[] wide = new byte[7 + words.length + 9];
        Arrays.fill(wide, (byte) 0x5A);
        System.arraycopy(words, 0, wide, 7, words.length);
        EncodedStreams alone = new EbpcEncoder(p, k).encode(words);
        assertEquals(alone, new EbpcEncoder(p, k).encode(wide, 7, words.length), "a range codes as its words alone");
        assertEquals(
                alone, new EbpcEncoder(p, k).encode(MemorySegment.ofArray(words)), "a whole-array segment likewise");

        byte[] out = new byte[13 + words.length + 11];
        Arrays.fill(out, (byte) 0x33);
        new EbpcDecoder(p, k).decode(alone.znz(), alone.bpc(), out, 13, words.length);
        assertArrayEquals(words, Arrays.copyOfRange(out, 13, 13 + words.length));
        for (int i = 0; i < out.length; i++) {
            if (i < 13 || i >= 13 + words.length) {
                assertEquals(0x33, out[i], "canary at " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void shortsAndIntsAtAnOffset(Kernel k) throws MalformedStreamException {
        short[] s = new short[515];
        int[] w = new int[77];
        Random r = new Random(2);
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextBoolean() ? 0 : (short) r.nextInt();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextBoolean() ? 0 : r.nextInt();
        }
        EbpcParams p16 = new EbpcParams(16, 8, 16);
        EncodedStreams e16 = new EbpcEncoder(p16, k).encode(s, 100, 400);
        short[] back16 = new short[402];
        back16[0] = 0x777;
        back16[401] = 0x777;
        new EbpcDecoder(p16, k).decode(e16.znz(), e16.bpc(), back16, 1, 400);
        assertArrayEquals(Arrays.copyOfRange(s, 100, 500), Arrays.copyOfRange(back16, 1, 401));
        assertEquals(0x777, back16[0]);
        assertEquals(0x777, back16[401]);
        EbpcParams p32 = new EbpcParams(32, 16, 8);
        EncodedStreams e32 = new EbpcEncoder(p32, k).encode(w, 5, 70);
        int[] back32 = new int[72];
        new EbpcDecoder(p32, k).decode(e32.znz(), e32.bpc(), back32, 2, 70);
        assertArrayEquals(Arrays.copyOfRange(w, 5, 75), Arrays.copyOfRange(back32, 2, 72));
        assertArrayEquals(
                Arrays.copyOfRange(s, 100, 500), new EbpcDecoder(p16, k).decodeShorts(e16.znz(), e16.bpc(), 400));
        assertArrayEquals(Arrays.copyOfRange(w, 5, 75), new EbpcDecoder(p32, k).decodeInts(e32.znz(), e32.bpc(), 70));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void tooSmallBuffersAndWrongWidthsAreRefusedBeforeWriting(Kernel k) {
        EbpcParams p = EbpcParams.DEFAULT;
        byte[] words = activations(100, 3);
        EncodedStreams e = new EbpcEncoder(p, k).encode(words);
        byte[] small = new byte[99];
        Arrays.fill(small, (byte) 0x44);
        EbpcDecoder d = new EbpcDecoder(p, k);
        assertThrows(IndexOutOfBoundsException.class, () -> d.decode(e.znz(), e.bpc(), small, 0, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> d.decode(e.znz(), e.bpc(), new byte[200], 150, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> d.decode(e.znz(), e.bpc(), new byte[200], -1, 100));
        byte[] untouched = new byte[99];
        Arrays.fill(untouched, (byte) 0x44);
        assertArrayEquals(untouched, small, "nothing written to a buffer that is too small");
        assertThrows(IndexOutOfBoundsException.class, () -> new EbpcEncoder(p, k).encode(words, 50, 51));
        assertThrows(
                IllegalArgumentException.class,
                () -> d.decode(e.znz(), e.bpc(), new short[100], 0, 100),
                "W=8 into shorts");
        assertThrows(
                IllegalArgumentException.class, () -> new EbpcEncoder(p, k).encode(new int[4], 0, 4), "W=8 from ints");
    }
}
