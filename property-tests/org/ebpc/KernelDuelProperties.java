package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ebpc.Inputs.Input;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * Duel of the two kernels (as Lucene's duel tests): on every parameter set, every tail length
 * and every kind of value, the vector kernel's streams equal the scalar kernel's bit for bit,
 * each decodes the other's streams, and every round trip is exact. Run by ./test at the
 * preferred vector width and with ebpc.vectorBits forced to 128, 256 and 512.
 */
class KernelDuelProperties {

    static final Kernel SCALAR = ScalarKernel.INSTANCE;
    static Kernel vector;

    @BeforeContainer
    static void vectorKernel() {
        String why = Kernels.vectorUnavailableReason();
        if (why != null) {
            throw new IllegalStateException("the vector kernel must run in the property tests: " + why);
        }
        vector = Kernels.lookup("vector", false);
        System.out.println("KernelDuelProperties: vector width " + System.getProperty("ebpc.vectorBits", "preferred"));
    }

    @Provide
    Arbitrary<Input> inputs() {
        return Inputs.inputs(Inputs.ALL_PARAMS);
    }

    /** The vectorized parameter sets get extra tries. */
    @Provide
    Arbitrary<Input> hotInputs() {
        return Inputs.inputs(Inputs.ALL_PARAMS.stream()
                .filter(p -> p.blockSize() == 8 && p.wordWidth() <= 16)
                .toList());
    }

    @Property(tries = 1000)
    void vectorEncodesExactlyAsScalar(@ForAll("inputs") Input in) {
        assertSameStreams(in);
    }

    @Property(tries = 1500)
    void vectorEncodesExactlyAsScalarOnHotPaths(@ForAll("hotInputs") Input in) {
        assertSameStreams(in);
    }

    @Property(tries = 1000)
    void eachPathDecodesTheOthersStreamsExactly(@ForAll("inputs") Input in) throws MalformedStreamException {
        assertRoundTrips(in);
    }

    @Property(tries = 1500)
    void eachPathDecodesTheOthersStreamsExactlyOnHotPaths(@ForAll("hotInputs") Input in)
            throws MalformedStreamException {
        assertRoundTrips(in);
    }

    @Property(tries = 40)
    void vectorEncodesAndDecodesLongInputsExactlyAsScalar(@ForAll("longHotInputs") Input in)
            throws MalformedStreamException {
        assertSameStreams(in);
        assertRoundTrips(in);
    }

    @Provide
    Arbitrary<Input> longHotInputs() {
        return Inputs.longInputs(Inputs.ALL_PARAMS.stream()
                .filter(p -> p.blockSize() == 8 && p.wordWidth() <= 16)
                .toList());
    }

    /**
     * The range entry points (a slice of a chunk): encoding words [from, to) of a larger array
     * gives the streams of those words alone, and decoding into out[at, at + n) writes exactly
     * those words, leaving canary words on both sides untouched, for both kernels.
     */
    @Property(tries = 800)
    void rangesCodeExactlyTheirWordsAndNothingElse(
            @ForAll("hotInputs") Input in, @ForAll("margins") int before, @ForAll("margins") int after)
            throws MalformedStreamException {
        Words w = in.words();
        int n = w.length();
        Words wide = Words.allocate(w.width(), before + n + after);
        for (int i = 0; i < wide.length(); i++) {
            wide.set(i, 0x5A + i); // canaries, never zero for W >= 8
        }
        Words.copy(w, 0, wide, before, n);
        EncodedStreams expected = SCALAR.encode(in.params(), w);
        for (Kernel k : new Kernel[] {SCALAR, vector}) {
            assertEquals(expected, k.encode(in.params(), wide, before, before + n), k.name() + " range encode");
            Words out = Words.allocate(w.width(), before + n + after);
            for (int i = 0; i < out.length(); i++) {
                out.set(i, 0x33 + i);
            }
            Words canaries = Words.copyOfRange(out, 0, out.length());
            k.decode(in.params(), expected.znz(), expected.bpc(), out, before, n);
            for (int i = 0; i < out.length(); i++) {
                long want = i < before || i >= before + n ? canaries.get(i) : w.get(i - before);
                assertEquals(want, out.get(i), k.name() + " range decode, word " + i);
            }
        }
    }

    /**
     * Slices decoded side by side from one buffer (what the container does with a chunk): up to
     * five inputs' streams laid out one after the other at any byte offset, as ZNZ then BPC each, decoded by both
     * kernels into one output between canaries: exactly each input's words; with one stream of
     * slice k corrupted by one bit, both kernels either decode the same words (whose encoding is
     * the changed stream) or throw a SliceException naming slice k.
     */
    @Property(tries = 300)
    void slicesDecodeSideBySideExactlyAndFaultsNameTheirSlice(
            @ForAll("hotInputs") Input first, @ForAll("sliceCounts") int count, @ForAll("margins") int flip)
            throws Exception {
        EbpcParams p = first.params();
        java.util.Random r = new java.util.Random(flip * 31L + count);
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.util.List<Kernel.Slice> slices = new java.util.ArrayList<>();
        java.util.List<Words> originals = new java.util.ArrayList<>();
        int at = 3; // canary words before the first slice
        for (int i = 0; i < count; i++) {
            Words w = i == 0
                    ? first.words()
                    : Words.copyOfRange(
                            first.words(),
                            r.nextInt(first.words().length() + 1),
                            first.words().length());
            EncodedStreams e = SCALAR.encode(p, w);
            buf.write(
                    new byte[4],
                    0,
                    r.nextInt(4)); // streams at any byte offset (a caller's buffer), not only word-aligned
            slices.add(new Kernel.Slice(
                    buf.size(), e.znz().length, buf.size() + e.znz().length, e.bpc().length, at, w.length()));
            buf.writeBytes(e.znz());
            buf.writeBytes(e.bpc());
            originals.add(w);
            at += w.length();
        }
        byte[] bytes = java.util.Arrays.copyOf(buf.toByteArray(), buf.size() + 32);
        Words expected = Words.allocate(p.wordWidth(), at + 3);
        for (int i = 0; i < expected.length(); i++) {
            expected.set(i, 0x11 + i);
        }
        for (int i = 0; i < count; i++) {
            Words.copy(
                    originals.get(i),
                    0,
                    expected,
                    slices.get(i).outAt(),
                    originals.get(i).length());
        }
        for (Kernel k : new Kernel[] {SCALAR, vector}) {
            Words out = Words.allocate(p.wordWidth(), at + 3);
            for (int i = 0; i < out.length(); i++) {
                out.set(i, 0x11 + i);
            }
            k.decodeSlices(p, bytes, slices, out);
            assertTrue(Words.contentEquals(expected, out), k.name() + " decodes every slice in place");
        }
        // One bit of slice k's streams flipped: the kernels agree, and a fault names slice k.
        int k = r.nextInt(count);
        Kernel.Slice s = slices.get(k);
        int streamBytes = s.znzBytes() + s.bpcBytes();
        if (streamBytes == 0) {
            return;
        }
        byte[] bad = bytes.clone();
        int bit = r.nextInt(8 * streamBytes);
        bad[s.znzAt() + bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        String[] outcome = new String[2];
        Words[] decoded = new Words[2];
        Kernel[] kernels = {SCALAR, vector};
        for (int i = 0; i < 2; i++) {
            decoded[i] = Words.allocate(p.wordWidth(), at + 3);
            try {
                kernels[i].decodeSlices(p, bad, slices, decoded[i]);
                outcome[i] = "ok";
            } catch (Kernel.SliceException e) {
                outcome[i] = "slice " + e.index();
            }
        }
        assertEquals(outcome[0], outcome[1], "both kernels judge the changed stream alike");
        if (outcome[0].equals("ok")) {
            assertTrue(Words.contentEquals(decoded[0], decoded[1]), "both decode it alike");
        } else {
            assertEquals("slice " + k, outcome[0], "the fault names its slice");
        }
    }

    @Provide
    Arbitrary<Integer> sliceCounts() {
        return Arbitraries.integers().between(1, 5);
    }

    @Provide
    Arbitrary<Integer> margins() {
        return Arbitraries.of(0, 1, 7, 8, 63, 64, 65, 100);
    }

    private static void assertSameStreams(Input in) {
        Words w = in.words();
        EncodedStreams s = SCALAR.encode(in.params(), w);
        EncodedStreams v = vector.encode(in.params(), w);
        assertEquals(s.znzBits(), v.znzBits(), "ZNZ bits");
        assertEquals(s.bpcBits(), v.bpcBits(), "BPC bits");
        assertEquals(-1, firstDifference(s.znz(), v.znz()), "first ZNZ bit that differs");
        assertEquals(-1, firstDifference(s.bpc(), v.bpc()), "first BPC bit that differs");
        assertEquals(s, v);
    }

    /** The first bit where two streams differ, or -1. */
    static long firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return 8L * i + Integer.numberOfLeadingZeros((a[i] ^ b[i]) & 0xFF) - 24;
            }
        }
        return a.length == b.length ? -1 : 8L * n;
    }

    private static void assertRoundTrips(Input in) throws MalformedStreamException {
        Words w = in.words();
        EncodedStreams fromScalar = SCALAR.encode(in.params(), w);
        EncodedStreams fromVector = vector.encode(in.params(), w);
        for (EncodedStreams s : new EncodedStreams[] {fromScalar, fromVector}) {
            for (Kernel k : new Kernel[] {SCALAR, vector}) {
                Words back = Words.allocate(w.width(), w.length());
                k.decode(in.params(), s.znz(), s.bpc(), back);
                assertTrue(Words.contentEquals(w, back), k.name() + " decode is not exact");
            }
        }
    }
}
