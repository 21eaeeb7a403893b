package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ebpc.Inputs.Input;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * Valid streams with random bits flipped, dropped or appended (or a wrong word count): each
 * kernel either throws MalformedStreamException or returns words whose encoding is exactly the
 * mutated streams (the decoder accepts canonical streams only, so a mutation that still
 * decodes is itself a valid stream). Never another exception, never a different answer from
 * the other kernel.
 */
class MutatedStreamProperties {

    enum Kind {
        FLIP,
        DROP,
        APPEND,
        TRUNCATE,
        WRONG_COUNT
    }

    /** One mutation of one stream. */
    record Mutation(Kind kind, boolean bpc, int count, long seed) {
        @Override
        public String toString() {
            return kind + " x" + count + " in " + (bpc ? "BPC" : "ZNZ") + ", seed " + seed;
        }
    }

    @Provide
    Arbitrary<Input> inputs() {
        return Inputs.inputs(Inputs.ALL_PARAMS);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                        Arbitraries.of(Kind.values()),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.longs())
                .as(Mutation::new);
    }

    @Property(tries = 4000)
    void mutatedStreamsDecodeCanonicallyOrFailCleanly(@ForAll("inputs") Input in, @ForAll("mutations") Mutation mu) {
        Words w = in.words();
        EncodedStreams s = ScalarKernel.INSTANCE.encode(in.params(), w);
        byte[] znz = s.znz();
        byte[] bpc = s.bpc();
        int n = w.length();
        SplittableRandom r = new SplittableRandom(mu.seed());
        if (mu.kind() == Kind.WRONG_COUNT) {
            n = Math.max(0, n + (r.nextBoolean() ? mu.count() : -mu.count()));
        } else if (mu.bpc()) {
            bpc = mutate(bpc, mu, r);
        } else {
            znz = mutate(znz, mu, r);
        }
        Object scalar = outcome(ScalarKernel.INSTANCE, in.params(), znz, bpc, n, w.width());
        Object vector = outcome(Kernels.lookup("vector", false), in.params(), znz, bpc, n, w.width());
        if (scalar instanceof Words decoded) {
            EncodedStreams again = ScalarKernel.INSTANCE.encode(in.params(), decoded);
            assertArrayEquals(znz, again.znz(), "accepted ZNZ stream is not canonical");
            assertArrayEquals(bpc, again.bpc(), "accepted BPC stream is not canonical");
            assertTrue(
                    vector instanceof Words v && Words.contentEquals(decoded, v), "vector decode differs: " + vector);
        } else {
            assertEquals(MalformedStreamException.class, scalar.getClass(), "scalar: " + scalar);
            assertEquals(MalformedStreamException.class, vector.getClass(), "vector: " + vector);
            assertEquals(scalar.toString(), vector.toString(), "the two kernels report the fault differently");
        }
    }

    /** The words, or the exception the decoder threw. */
    static Object outcome(Kernel k, EbpcParams p, byte[] znz, byte[] bpc, int n, int width) {
        try {
            return new EbpcDecoder(p, k).decode(znz, bpc, n, width);
        } catch (MalformedStreamException e) {
            return e;
        } catch (RuntimeException e) {
            return e; // fails the property with the exception shown
        }
    }

    static byte[] mutate(byte[] stream, Mutation mu, SplittableRandom r) {
        int bits = stream.length * 8;
        boolean[] b = new boolean[bits + 64];
        for (int i = 0; i < bits; i++) {
            b[i] = (stream[i / 8] >> (7 - i % 8) & 1) != 0;
        }
        int len = bits;
        for (int c = 0; c < mu.count(); c++) {
            switch (mu.kind()) {
                case FLIP -> {
                    if (len > 0) {
                        int at = r.nextInt(len);
                        b[at] = !b[at];
                    }
                }
                case DROP -> {
                    if (len > 0) {
                        int at = r.nextInt(len);
                        System.arraycopy(b, at + 1, b, at, len - at - 1);
                        len--;
                    }
                }
                case APPEND -> b[len++] = r.nextBoolean();
                case TRUNCATE -> len = Math.max(0, len - 1 - r.nextInt(8));
                default -> throw new IllegalStateException();
            }
        }
        byte[] out = new byte[(len + 7) / 8];
        for (int i = 0; i < len; i++) {
            if (b[i]) {
                out[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return out;
    }
}
