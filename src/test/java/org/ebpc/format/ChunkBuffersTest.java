package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoding into recycled arrays: a chunk decoded into the array of an earlier, different chunk
 * comes out exactly (every word is written, none of the old ones survives), with every kernel
 * and width; and only arrays the pool lent are taken back.
 */
class ChunkBuffersTest {

    private static final int SLICE = 1024;
    private static final int WORDS = 4 * SLICE;

    /** A chunk's little-endian bytes: every word random and non-zero (no zero in any slice). */
    private static byte[] dense(int unit, Random r) {
        byte[] b = new byte[WORDS * unit];
        for (int i = 0; i < WORDS; i++) {
            int v = r.nextInt() | 1;
            for (int k = 0; k < unit; k++) {
                b[i * unit + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }

    /** A chunk of slices of other kinds: all zeros, random (stored raw), sparse, all zeros. */
    private static byte[] mixed(int unit, Random r) {
        byte[] b = new byte[WORDS * unit];
        for (int i = SLICE * unit; i < 2 * SLICE * unit; i++) {
            b[i] = (byte) r.nextInt();
        }
        for (int i = 2 * SLICE; i < 3 * SLICE; i += 37) {
            b[i * unit] = (byte) (1 + r.nextInt(100));
        }
        return b;
    }

    private static byte[] decode(EbpcEncoder enc, EbpcDecoder dec, byte[] raw, ChunkBuffers buffers)
            throws IOException {
        Slices.Coded c =
                Slices.encode(enc, raw, 0, SLICE, new ChunkBuffers(enc.params().wordWidth(), WORDS));
        return Slices.decode(dec, c.head(), java.util.Arrays.copyOf(c.payload(), c.bytes()), SLICE, 0, buffers);
    }

    @ParameterizedTest
    @CsvSource({"scalar,8", "scalar,16", "scalar,32", "vector,8", "vector,16", "vector,32"})
    void aRecycledArrayHoldsOnlyTheNewChunk(String kernel, int width) throws IOException {
        Kernel k = Kernels.lookup(kernel, false);
        EbpcParams p = new EbpcParams(width, 8, 16);
        EbpcEncoder enc = new EbpcEncoder(p, k);
        EbpcDecoder dec = new EbpcDecoder(p, k);
        Random r = new Random(width);
        ChunkBuffers buffers = new ChunkBuffers(width, WORDS);
        byte[] a = dense(width / 8, r);
        byte[] b = mixed(width / 8, r);
        byte[] first = decode(enc, dec, a, buffers);
        assertArrayEquals(a, first);
        buffers.recycle(first);
        byte[] second = decode(enc, dec, b, buffers);
        assertSame(first, second, "the array was not reused: this test would prove nothing");
        assertArrayEquals(b, second);
    }

    @ParameterizedTest
    @CsvSource({"8", "16"})
    void onlyLentArraysComeBack(int width) {
        ChunkBuffers buffers = new ChunkBuffers(width, WORDS);
        byte[] stranger = new byte[WORDS * width / 8];
        buffers.recycle(stranger); // never lent: a version 1 chunk's array
        byte[] taken = org.ebpc.kernel.Words.toLittleEndian(buffers.words(WORDS));
        assertNotSame(stranger, taken);
        byte[] lent = buffers.toLittleEndian(buffers.words(WORDS));
        buffers.recycle(lent);
        assertSame(lent, buffers.toLittleEndian(buffers.words(WORDS)));
    }

    /** One codec decompressing files one after the other, the second's chunks in the first's arrays. */
    @ParameterizedTest
    @CsvSource({"8", "16"})
    void oneCodecDecodesFileAfterFile(int width) throws IOException {
        Random r = new Random(7);
        Npy.Dtype dtype = width == 8 ? Npy.Dtype.INT8 : Npy.Dtype.INT16;
        ContainerCodec codec = new ContainerCodec(Kernels.preferred(), 2);
        byte[][] files = new byte[3][];
        for (int f = 0; f < files.length; f++) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            for (int c = 0; c < 5; c++) { // five chunks: more than the pipeline holds at once
                raw.writeBytes((c + f) % 2 == 0 ? dense(width / 8, r) : mixed(width / 8, r));
            }
            files[f] = raw.toByteArray();
        }
        for (byte[] file : files) {
            Container.Header h = new Container.Header(
                            new EbpcParams(width, 8, 16), Container.Kind.RAW, dtype, WORDS, new byte[0])
                    .withSliceWords(SLICE);
            ByteArrayOutputStream coded = new ByteArrayOutputStream();
            codec.compress(new ByteArrayInputStream(file), coded, h, n -> {});
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            codec.decompress(new ByteArrayInputStream(coded.toByteArray()), back, n -> {});
            assertArrayEquals(file, back.toByteArray());
        }
    }
}
