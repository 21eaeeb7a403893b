package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ebpc.Inputs.Input;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.format.CorruptContainerException;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.Words;

/**
 * Valid .ebpc containers mutated at random (bytes flipped, cut, inserted, removed, 32-bit
 * fields overwritten with lies): decompress either gives back exactly the original bytes or
 * throws CorruptContainerException, every time; never another exception, a hang or a giant
 * allocation (the test JVM has a modest heap).
 */
class MutatedContainerProperties {

    enum Kind {
        FLIP,
        CUT,
        INSERT,
        REMOVE,
        LIE
    }

    record Mutation(Kind kind, int count, long seed) {}

    @Provide
    Arbitrary<Input> inputs() {
        return Inputs.inputs(
                Inputs.ALL_PARAMS.stream().filter(p -> p.blockSize() == 8).toList());
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                        Arbitraries.of(Kind.values()), Arbitraries.integers().between(1, 4), Arbitraries.longs())
                .as(Mutation::new);
    }

    @Property(tries = 3000)
    void mutatedContainersGiveTheOriginalOrACleanError(
            @ForAll("inputs") Input in, @ForAll("mutations") Mutation mu, @ForAll("threads") int threads)
            throws IOException {
        byte[] raw = Words.toLittleEndian(in.words());
        Npy.Dtype dtype = switch (in.params().wordWidth()) {
            case 8 -> Npy.Dtype.INT8;
            case 16 -> Npy.Dtype.FLOAT16;
            default -> Npy.Dtype.INT32;
        };
        Container.Header h = new Container.Header(in.params(), Container.Kind.RAW, dtype, 300, new byte[0]);
        ContainerCodec codec = new ContainerCodec(Kernels.preferred(), threads);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        codec.compress(new ByteArrayInputStream(raw), file, h, n -> {});
        byte[] mutated = mutate(file.toByteArray(), mu);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            codec.decompress(new ByteArrayInputStream(mutated), out, n -> {});
        } catch (CorruptContainerException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            return;
        }
        assertArrayEquals(raw, out.toByteArray(), "a mutated container decoded to different bytes");
    }

    @Property(tries = 1000)
    void mutatedArchivesGiveTheOriginalOrACleanError(@ForAll("inputs") Input in, @ForAll("mutations") Mutation mu)
            throws IOException {
        // A .safetensors file holding the words as one tensor, between a JSON header and a tail.
        byte[] raw = Words.toLittleEndian(in.words());
        String dtype = switch (in.params().wordWidth()) {
            case 8 -> "I8";
            case 16 -> "F16";
            default -> "I32";
        };
        String json = "{\"t\": {\"dtype\": \"" + dtype + "\", \"shape\": ["
                + in.words().length() + "], \"data_offsets\": [0, " + raw.length + "]}}";
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length())
                .array());
        file.write(json.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        file.write(raw);
        file.write(new byte[] {1, 2, 3});
        byte[] original = file.toByteArray();
        Container.Header h = new Container.Header(
                new org.ebpc.EbpcParams(32, in.params().blockSize(), in.params().maxZeroRun()),
                Container.Kind.ARCHIVE,
                Npy.Dtype.UINT32,
                300,
                new byte[0]);
        ContainerCodec codec = new ContainerCodec(Kernels.preferred(), 2);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        codec.compressArchive(
                original, org.ebpc.io.TensorFiles.codedRegions(original, "x.safetensors"), packed, h, n -> {});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            codec.decompress(new ByteArrayInputStream(mutate(packed.toByteArray(), mu)), out, n -> {});
        } catch (CorruptContainerException e) {
            return;
        }
        assertArrayEquals(original, out.toByteArray(), "a mutated archive container decoded to different bytes");
    }

    @Provide
    Arbitrary<Integer> threads() {
        return Arbitraries.of(1, 2);
    }

    static byte[] mutate(byte[] b, Mutation mu) {
        SplittableRandom r = new SplittableRandom(mu.seed());
        for (int c = 0; c < mu.count() && b.length > 0; c++) {
            int at = r.nextInt(b.length);
            switch (mu.kind()) {
                case FLIP -> b[at] ^= (byte) (1 << r.nextInt(8));
                case CUT -> b = Arrays.copyOf(b, at);
                case INSERT -> {
                    byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = (byte) r.nextInt();
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                case REMOVE -> {
                    byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                }
                case LIE -> {
                    int pos = Math.max(0, Math.min(b.length - 4, at & ~3));
                    if (b.length >= 4) {
                        int lie = new int[] {-1, Integer.MAX_VALUE, 1 << 24, (1 << 24) + 1, 0, 1 << 30}[r.nextInt(6)];
                        ByteBuffer.wrap(b, pos, 4)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putInt(lie);
                    }
                }
            }
        }
        return b;
    }
}
