package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
