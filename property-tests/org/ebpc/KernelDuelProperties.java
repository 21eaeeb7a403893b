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
        return Inputs.inputs(Inputs.ALL_PARAMS.stream().filter(p -> p.blockSize() == 8 && p.wordWidth() <= 16).toList());
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
    void eachPathDecodesTheOthersStreamsExactlyOnHotPaths(@ForAll("hotInputs") Input in) throws MalformedStreamException {
        assertRoundTrips(in);
    }

    @Property(tries = 40)
    void vectorEncodesAndDecodesLongInputsExactlyAsScalar(@ForAll("longHotInputs") Input in) throws MalformedStreamException {
        assertSameStreams(in);
        assertRoundTrips(in);
    }

    @Provide
    Arbitrary<Input> longHotInputs() {
        return Inputs.longInputs(Inputs.ALL_PARAMS.stream().filter(p -> p.blockSize() == 8 && p.wordWidth() <= 16).toList());
    }

    /**
     * The range entry points (a slice of a chunk): encoding words [from, to) of a larger array
     * gives the streams of those words alone, and decoding into out[at, at + n) writes exactly
     * those words, leaving canary words on both sides untouched, for both kernels.
     */
    @Property(tries = 800)
    void rangesCodeExactlyTheirWordsAndNothingElse(@ForAll("hotInputs") Input in, @ForAll("margins") int before,
                                                  @ForAll("margins") int after) throws MalformedStreamException {
        Words w = in.words();
        int n = w.length();
        Words wide = Words.allocate(w.width(), before + n + after);
        for (int i = 0; i < wide.length(); i++) {
            wide.set(i, 0x5A + i);   // canaries, never zero for W >= 8
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
