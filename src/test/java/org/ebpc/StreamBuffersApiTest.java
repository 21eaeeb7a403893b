package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Words;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encoding into a caller's buffer and decoding from one (aircompressor's tests of its own
 * buffer API): streams at an offset between canaries, the same bytes as the array API, too-small
 * outputs that leave the buffer as it was, the worst case in exactly maxEncodedLength, lengths
 * that do not match the streams, and off-heap memory both ways; every kernel, every width.
 */
class StreamBuffersApiTest {

    private static final byte CANARY = (byte) 0xA5;

    static List<Object[]> cases() {
        return TestKernels.all().stream()
                .flatMap(k -> java.util.stream.IntStream.of(8, 16, 32).mapToObj(w -> new Object[] {k, w}))
                .toList();
    }

    /** Activation-like words (40% zeros, small magnitudes) with long zero runs, n of them. */
    private static Words words(int w, int n, long seed) {
        Random r = new Random(seed);
        Words out = Words.allocate(w, n);
        for (int i = 0; i < n; i++) {
            boolean zeroRun = (i / 300) % 4 == 3;
            out.set(
                    i,
                    zeroRun || r.nextInt(5) < 2
                            ? 0
                            : r.nextInt(1 << Math.min(w - 1, 10)) - (1 << Math.min(w - 1, 10)) / 3);
        }
        return out;
    }

    private static byte[] canaries(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, CANARY);
        return b;
    }

    private static void assertCanaries(byte[] b, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            assertEquals(CANARY, b[i], what + ": byte " + i + " was written");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void streamsAtAnOffsetAreTheArrayApisBytesAndDecodeBackBetweenCanaries(Kernel k, int w)
            throws MalformedStreamException {
        EbpcParams p = new EbpcParams(w, 8, 16);
        EbpcEncoder enc = new EbpcEncoder(p, k);
        EbpcDecoder dec = new EbpcDecoder(p, k);
        int n = 5003;
        Words in = words(w, n, w);
        EncodedStreams ref = enc.encode(in);
        int at = 11;
        byte[] out = canaries(at + (int) EbpcEncoder.maxEncodedLength(n, p) + 40);
        StreamLengths l = enc.encode(in, 0, n, out, at);
        assertEquals(ref.lengths(), l);
        assertArrayEquals(ref.znz(), Arrays.copyOfRange(out, at, at + l.znzBytes()), "ZNZ stream");
        assertArrayEquals(ref.bpc(), Arrays.copyOfRange(out, at + l.znzBytes(), at + (int) l.bytes()), "BPC stream");
        assertCanaries(out, 0, at, "before the streams");
        assertCanaries(out, at + (int) l.bytes(), out.length, "after the streams");

        // Back from the buffer, with 32 bytes after the streams (read in place) and with none (copied).
        for (byte[] streams : new byte[][] {out, Arrays.copyOf(out, at + (int) l.bytes())}) {
            Words back = Words.allocate(w, n + 20);
            for (int i = 0; i < back.length(); i++) {
                back.set(i, 0x5A);
            }
            dec.decode(streams, at, l, back, 7);
            for (int i = 0; i < back.length(); i++) {
                long want = i >= 7 && i < 7 + n ? in.get(i - 7) : 0x5A;
                assertEquals(
                        want,
                        back.get(i),
                        "word " + i + " (" + (streams.length - at - l.bytes()) + " bytes after the streams)");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aTooSmallOutputIsRefusedAndLeftAsItWas(Kernel k, int w) {
        EbpcParams p = new EbpcParams(w, 8, 16);
        EbpcEncoder enc = new EbpcEncoder(p, k);
        Words in = words(w, 777, 5);
        long need = enc.encode(in).lengths().bytes();
        byte[] out = canaries(3 + (int) need - 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> enc.encode(in, 0, in.length(), out, 3));
        assertTrue(e.getMessage().contains(need + " bytes"), e.getMessage());
        assertCanaries(out, 0, out.length, "a refused output");
        assertThrows(IndexOutOfBoundsException.class, () -> enc.encode(in, 0, in.length(), out, out.length + 1));
        byte[] exact = new byte[3 + (int) need];
        assertEquals(
                need, enc.encode(in, 0, in.length(), exact, 3).bytes(), "streams that exactly fill the output fit");
        EncodedStreams ref = enc.encode(in);
        byte[] both = java.util.Arrays.copyOf(ref.znz(), ref.znz().length + ref.bpc().length);
        System.arraycopy(ref.bpc(), 0, both, ref.znz().length, ref.bpc().length);
        assertArrayEquals(both, Arrays.copyOfRange(exact, 3, exact.length), "and are written");
        // Where they do not fit, encodeIfFits writes nothing either and says how much they take.
        StreamLengths l =
                enc.encodeIfFits(in, 0, in.length(), MemorySegment.ofArray(out).asSlice(3));
        assertEquals(need, l.bytes());
        assertCanaries(out, 0, out.length, "an output the streams do not fit");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wordsThatTheStreamsExpandFitInMaxEncodedLength(Kernel k, int w) throws MalformedStreamException {
        EbpcParams p = new EbpcParams(w, 8, 16);
        int n = 4096 + 3;
        Words in = Words.allocate(w, n);
        Random r = new Random(9);
        for (int i = 0; i < n; i++) { // random non-zero words: every plane raw, near the worst case
            in.set(i, r.nextLong() | 1);
        }
        byte[] out = new byte[(int) EbpcEncoder.maxEncodedLength(n, p)];
        StreamLengths l = new EbpcEncoder(p, k).encode(in, 0, n, out, 0);
        assertTrue(l.bytes() > (long) n * (w / 8), "the streams are larger than the words: " + l.bytes());
        Words back = Words.allocate(w, n);
        new EbpcDecoder(p, k).decode(out, 0, l, back, 0);
        assertTrue(Words.contentEquals(in, back));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lengthsThatDoNotMatchTheStreamsAreMalformed(Kernel k, int w) {
        EbpcParams p = new EbpcParams(w, 8, 16);
        Words in = words(w, 2000, 3);
        byte[] out = new byte[(int) EbpcEncoder.maxEncodedLength(in.length(), p) + 64];
        StreamLengths l = new EbpcEncoder(p, k).encode(in, 0, in.length(), out, 0);
        int unit = w / 8;
        EbpcDecoder dec = new EbpcDecoder(p, k);
        for (StreamLengths wrong : new StreamLengths[] {
            new StreamLengths(l.words(), l.znzBytes(), l.znzBits(), l.bpcBytes() - unit, l.bpcBits() - w),
            new StreamLengths(l.words(), l.znzBytes() - unit, l.znzBits() - w, l.bpcBytes(), l.bpcBits()),
            new StreamLengths(l.words() + 100, l.znzBytes(), l.znzBits(), l.bpcBytes(), l.bpcBits()),
            new StreamLengths(l.words() - 8, l.znzBytes(), l.znzBits(), l.bpcBytes(), l.bpcBits())
        }) {
            assertThrows(
                    MalformedStreamException.class,
                    () -> dec.decode(out, 0, wrong, Words.allocate(w, wrong.words()), 0),
                    wrong.toString());
        }
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> dec.decode(out, out.length - 3, l, Words.allocate(w, l.words()), 0));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void offHeapWordsAndStreamsBothWays(Kernel k, int w) throws MalformedStreamException {
        EbpcParams p = new EbpcParams(w, 8, 16);
        int n = 3001;
        int per = w / 8;
        Words in = words(w, n, 17);
        EncodedStreams ref = new EbpcEncoder(p, k).encode(in);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment words = arena.allocate((long) n * per);
            MemorySegment.copy(MemorySegment.ofArray(Words.toLittleEndian(in)), 0, words, 0, (long) n * per);
            MemorySegment streams = arena.allocate(EbpcEncoder.maxEncodedLength(n, p) + 5);
            streams.fill(CANARY);
            StreamLengths l = new EbpcEncoder(p, k).encode(words, streams.asSlice(5));
            assertEquals(ref.lengths(), l);
            assertArrayEquals(ref.znz(), streams.asSlice(5, l.znzBytes()).toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(
                    ref.bpc(), streams.asSlice(5 + l.znzBytes(), l.bpcBytes()).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(CANARY, streams.get(ValueLayout.JAVA_BYTE, 4));
            assertEquals(CANARY, streams.get(ValueLayout.JAVA_BYTE, 5 + l.bytes()));

            MemorySegment back = arena.allocate((long) (n + 2) * per);
            back.fill(CANARY);
            new EbpcDecoder(p, k).decode(streams.asSlice(5), l, back.asSlice(per));
            assertArrayEquals(
                    Words.toLittleEndian(in), back.asSlice(per, (long) n * per).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(CANARY, back.get(ValueLayout.JAVA_BYTE, per - 1));
            assertEquals(CANARY, back.get(ValueLayout.JAVA_BYTE, (long) (n + 1) * per));
        }
    }
}
