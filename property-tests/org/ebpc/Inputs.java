package org.ebpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.ebpc.kernel.Words;

/** Generated inputs for the duel properties: every parameter set, every tail, every kind of value. */
final class Inputs {

    /** Every supported (W, N, Z). */
    static final List<EbpcParams> ALL_PARAMS = new ArrayList<>();

    static {
        for (int w : new int[] {8, 16, 32}) {
            for (int n : new int[] {8, 16, 32}) {
                for (int z = 2; z <= 256 && n <= w; z *= 2) {
                    ALL_PARAMS.add(new EbpcParams(w, n, z));
                }
            }
        }
    }

    /** How the non-zero values are drawn. */
    enum Values {
        FULL_RANGE,
        SMALL,
        EXTREMES,
        OVERFLOWING_DELTAS,
        REAL_TRACE
    }

    /** One generated input; the words are derived from the seed, so a shrunk case stays small. */
    record Input(EbpcParams params, int length, double sparsity, Values values, long seed) {

        Words words() {
            SplittableRandom r = new SplittableRandom(seed);
            int w = params.wordWidth();
            Words out = Words.allocate(w, length);
            long min = -(1L << (w - 1));
            long max = (1L << (w - 1)) - 1;
            long[] trace = traceWords(w);
            int traceAt = r.nextInt(trace.length - Math.min(length, trace.length - 1));
            for (int i = 0; i < length; i++) {
                boolean zero = sparsity >= 1.0 || r.nextDouble() < sparsity;
                long v = switch (values) {
                    case FULL_RANGE -> r.nextLong(min, max + 1);
                    case SMALL -> r.nextLong(-4, 5);
                    case EXTREMES -> new long[] {min, max, -1, 1}[i % 4];
                    case OVERFLOWING_DELTAS -> i % 2 == 0 ? min : max;
                    case REAL_TRACE -> trace[(traceAt + i) % trace.length];
                };
                out.set(i, zero && values != Values.REAL_TRACE ? 0 : v);
                if (values == Values.REAL_TRACE && sparsity >= 1.0) {
                    out.set(i, 0);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            String s = params + ", " + length + " words, sparsity " + sparsity + ", " + values + ", seed " + seed;
            if (length <= 48) {
                long[] v = new long[length];
                Words w = words();
                for (int i = 0; i < length; i++) {
                    v[i] = w.get(i);
                }
                s += ", words " + Arrays.toString(v);
            }
            return s;
        }
    }

    static Arbitrary<Input> inputs(List<EbpcParams> params) {
        Arbitrary<Integer> tails = Combinators.combine(
                        Arbitraries.of(8, 16, 32), Arbitraries.integers().between(1, 60), Arbitraries.of(-1, 0, 1))
                .as((n, k, d) -> n * k + d);
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 5000)),
                Tuple.of(3, Arbitraries.of(0, 1, 2, 7, 8, 9, 63, 64, 65)),
                Tuple.of(3, tails));
        return Combinators.combine(
                        Arbitraries.of(params),
                        length,
                        Arbitraries.of(0.0, 0.5, 0.9, 0.999, 1.0),
                        Arbitraries.of(Values.values()),
                        Arbitraries.longs())
                .as(Input::new);
    }

    /**
     * Long inputs for the hot paths: the vector kernel works through long inputs in slices of
     * 2^16 words and 2^13 blocks, so lengths around one, two and three slices.
     */
    static Arbitrary<Input> longInputs(List<EbpcParams> params) {
        Arbitrary<Integer> length = Combinators.combine(
                        Arbitraries.of(1, 2, 3), Arbitraries.integers().between(-70, 70))
                .as((k, d) -> (k << 16) + d);
        return Combinators.combine(
                        Arbitraries.of(params),
                        length,
                        Arbitraries.of(0.0, 0.5, 0.999, 1.0),
                        Arbitraries.of(Values.values()),
                        Arbitraries.longs())
                .as(Input::new);
    }

    // Real activations: MobileNetV2 int8 (W=8), its float16 bit patterns (W=16), pairs of them (W=32).
    private static long[] trace8;
    private static long[] trace16;

    static synchronized long[] traceWords(int w) {
        if (trace8 == null) {
            byte[] i8 = npyData("/traces/mobilenetv2-astronaut/011_block_4_depthwise_relu.i8.npy");
            trace8 = new long[i8.length];
            for (int i = 0; i < i8.length; i++) {
                trace8[i] = i8[i];
            }
            byte[] f16 = npyData("/traces/mobilenetv2-astronaut/011_block_4_depthwise_relu.f16.npy");
            trace16 = new long[f16.length / 2];
            for (int i = 0; i < trace16.length; i++) {
                trace16[i] = (short) ((f16[2 * i] & 0xFF) | f16[2 * i + 1] << 8);
            }
        }
        if (w == 8) {
            return trace8;
        }
        if (w == 16) {
            return trace16;
        }
        long[] t32 = new long[trace16.length / 2];
        for (int i = 0; i < t32.length; i++) {
            t32[i] = (int) ((trace16[2 * i] & 0xFFFF) | trace16[2 * i + 1] << 16);
        }
        return t32;
    }

    static byte[] npyData(String resource) {
        try (InputStream in = Inputs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            byte[] all = in.readAllBytes();
            var h = org.ebpc.io.Npy.parseHeader(all, all.length);
            return Arrays.copyOfRange(all, h.dataOffset(), all.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Inputs() {}
}
