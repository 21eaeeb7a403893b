package org.ebpc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.TestKernels;
import org.junit.jupiter.api.Test;

/**
 * Zero runs of many Z-word symbols (a dead channel), which the vector kernel writes and reads
 * several symbols at a time: every run length around the batch sizes, every Z, both kernels.
 */
class LongZeroRunsTest {

    @Test
    void everyRunLengthAroundTheBatchesCodesAsTheScalarKernelDoes() throws MalformedStreamException {
        for (int w : new int[] {8, 16}) {
            for (int z = 2; z <= 256; z *= 2) {
                EbpcParams p = new EbpcParams(w, 8, z);
                int batchWords = (56 / (1 + p.zeroRunBits())) * z;
                for (int run : new int[] {
                    z - 1,
                    z,
                    z + 1,
                    batchWords - 1,
                    batchWords,
                    batchWords + 1,
                    2 * batchWords + z,
                    5 * batchWords - 3,
                    40_000
                }) {
                    for (int tail : new int[] {0, 1, 9}) {
                        short[] words = new short[3 + run + tail];
                        words[0] = 5;
                        words[1] = -3;
                        words[2] = 7;
                        for (int i = 0; i < tail; i++) {
                            words[3 + run + i] = (short) (i + 1);
                        }
                        check(p, words, run, tail);
                    }
                }
            }
        }
    }

    @Test
    void znzStreamsLargerThanTheWritersFirstBufferCodeAsTheScalarKernelDoes() throws MalformedStreamException {
        // The vector ZNZ writer sizes its buffer for typical maps (1.25 bits a word) and checks
        // for room once a 64-word chunk: alternating words (3 to 5 bits a word), runs one word
        // past Z (two symbols each), and random runs about Z long across chunk ends make it grow.
        java.util.Random r = new java.util.Random(3);
        for (int w : new int[] {8, 16}) {
            for (int z = 2; z <= 256; z *= 2) {
                EbpcParams p = new EbpcParams(w, 8, z);
                int n = 70_000;
                short[] alternating = new short[n];
                short[] pastZ = new short[n];
                short[] random = new short[n];
                for (int i = 0; i < n; i++) {
                    alternating[i] = (short) (i % 2 == 0 ? 1 + i % 100 : 0);
                    pastZ[i] = (short) (i % (z + 2) == 0 ? 3 : 0);
                }
                for (int i = 0; i < n; ) {
                    random[i++] = (short) (1 + r.nextInt(120));
                    i += r.nextInt(2 * z + 2);
                }
                check(p, alternating, 1, 0);
                check(p, pastZ, z + 1, 0);
                check(p, random, z, 0);
            }
        }
        // Dense words, then a run whose Z-word symbols alone (1 bit a word for Z = 2) overrun
        // whatever room the writer had left when the run began; each in a fresh thread, whose
        // stream buffers start small (a thread's buffers are reused and only grow).
        EbpcParams p = new EbpcParams(8, 8, 2);
        for (int dense = 20_000; dense <= 60_000; dense += 2_500) {
            short[] words = new short[dense + 40_000 + 1];
            for (int i = 0; i < dense; i += 2) {
                words[i] = 9;
            }
            words[words.length - 1] = 4;
            inAFreshThread(() -> check(p, words, 40_000, 1));
        }
    }

    interface Check {
        void run() throws Exception;
    }

    private static void inAFreshThread(Check c) throws MalformedStreamException {
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                c.run();
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failed[0] != null) {
            throw new AssertionError(failed[0]);
        }
    }

    private static void check(EbpcParams p, short[] words, int run, int tail) throws MalformedStreamException {
        byte[] bytes = new byte[words.length];
        for (int i = 0; i < words.length; i++) {
            bytes[i] = (byte) words[i];
        }
        boolean w8 = p.wordWidth() == 8;
        EncodedStreams reference = w8
                ? new EbpcEncoder(p, ScalarKernel.INSTANCE).encode(bytes)
                : new EbpcEncoder(p, ScalarKernel.INSTANCE).encode(words);
        for (Kernel k : TestKernels.all()) {
            String where = k.name() + " " + p + " run " + run + " tail " + tail;
            EncodedStreams s = w8 ? new EbpcEncoder(p, k).encode(bytes) : new EbpcEncoder(p, k).encode(words);
            assertArrayEquals(reference.znz(), s.znz(), where);
            assertArrayEquals(reference.bpc(), s.bpc(), where);
            EbpcDecoder d = new EbpcDecoder(p, k);
            if (w8) {
                assertArrayEquals(bytes, d.decodeBytes(s.znz(), s.bpc(), bytes.length), where);
            } else {
                short[] back = new short[words.length];
                d.decode(s.znz(), s.bpc(), back, 0, words.length);
                assertArrayEquals(words, back, where);
            }
            // One word fewer than the stream holds: each kernel gives what the scalar one gives, words or the same
            // error.
            assertEquals(
                    outcome(new EbpcDecoder(p, ScalarKernel.INSTANCE), s, words.length - 1),
                    outcome(d, s, words.length - 1),
                    where);
        }
    }

    private static String outcome(EbpcDecoder d, EncodedStreams s, int n) {
        try {
            if (d.params().wordWidth() == 8) {
                return java.util.Arrays.toString(d.decodeBytes(s.znz(), s.bpc(), n));
            }
            short[] out = new short[n];
            d.decode(s.znz(), s.bpc(), out, 0, n);
            return java.util.Arrays.toString(out);
        } catch (MalformedStreamException e) {
            return "error: " + e.getMessage();
        }
    }

    @Test
    void aShortRunBeforeFullRunsIsRefusedByBothKernels() {
        // Z = 16: a 3-word run, then eleven 16-word runs: a short run may not be followed by a run.
        EbpcParams p = EbpcParams.DEFAULT;
        org.ebpc.bits.BitWriter w = new org.ebpc.bits.BitWriter(64);
        w.write(1, 1); // one non-zero word
        w.write(2, 5); // a run of 3
        for (int k = 0; k < 11; k++) {
            w.write(15, 5); // a run of 16
        }
        byte[] znz = w.finish(8);
        int n = 1 + 3 + 11 * 16;
        byte[] bpc =
                new EbpcEncoder(p, ScalarKernel.INSTANCE).encode(new byte[] {1}).bpc();
        String first = null;
        for (Kernel k : TestKernels.all()) {
            MalformedStreamException e =
                    assertThrows(MalformedStreamException.class, () -> new EbpcDecoder(p, k).decodeBytes(znz, bpc, n));
            first = first == null ? e.getMessage() : first;
            assertEquals(first, e.getMessage(), k.name());
        }
    }
}
