package org.ebpc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ebpc.EbpcParams;
import org.ebpc.MalformedStreamException;
import org.ebpc.format.ContainerCodec;
import org.ebpc.format.CorruptContainerException;
import org.ebpc.io.Npy;
import org.ebpc.io.TensorFiles;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * Fuzz targets (Jazzer). In ./run-tests each runs its committed corpus
 * (src/test/resources/org/ebpc/fuzz/ContainerFuzzTestInputs/METHOD) as regression tests. The
 * contract: the exact original, or the one checked exception with a message; never another
 * exception. Coverage-guided runs: {@code ./fuzz SECONDS [METHOD...]} (FuzzMain, one JVM per
 * target, stopped by SIGINT after SECONDS, at most the 2 h of maxDuration); docs/RELIABILITY.md
 * has a long run's figures.
 */
class ContainerFuzzTest {

    /** Any bytes as an .ebpc file: decoded in full (-t and -d), or CorruptContainerException. */
    @FuzzTest(maxDuration = "2h")
    void containerReaderGivesBytesOrOneCleanError(byte[] file) throws IOException {
        for (int threads = 1; threads <= 2; threads++) {
            try {
                new ContainerCodec(Kernels.preferred(), threads)
                        .decompress(new ByteArrayInputStream(file), OutputStream.nullOutputStream(), n -> {});
            } catch (CorruptContainerException e) {
                assertNotNull(e.getMessage());
            }
        }
    }

    /**
     * Two streams and a word count for any parameter set: both kernels reject them with
     * MalformedStreamException or decode the same words, whose encoding is the input streams.
     */
    @FuzzTest(maxDuration = "2h")
    void streamDecodersAgree(FuzzedDataProvider data) {
        int[] widths = {8, 16, 32};
        int w = widths[data.consumeInt(0, 2)];
        int[] blocks = {8, 16, 32};
        int n = Math.min(blocks[data.consumeInt(0, 2)], w);
        int z = 1 << data.consumeInt(1, 8);
        EbpcParams p = new EbpcParams(w, n, z);
        int count = data.consumeInt(0, 3000);
        byte[] znz = data.consumeBytes(data.consumeInt(0, 2000));
        byte[] bpc = data.consumeRemainingAsBytes();
        Kernel vector = Kernels.preferred();
        Words a = Words.allocate(w, count);
        Words b = Words.allocate(w, count);
        String fa = decode(ScalarKernel.INSTANCE, p, znz, bpc, a);
        String fb = decode(vector, p, znz, bpc, b);
        assertEquals(fa, fb, "both kernels fail alike");
        if (fa == null) {
            assertEquals(true, Words.contentEquals(a, b), "both kernels decode alike");
            var again = ScalarKernel.INSTANCE.encode(p, a);
            assertArrayEquals(znz, again.znz(), "a decoded stream is the canonical encoding");
            assertArrayEquals(bpc, again.bpc());
        }
    }

    private static String decode(Kernel k, EbpcParams p, byte[] znz, byte[] bpc, Words out) {
        if (out.length() > (long) znz.length * 8 * p.maxZeroRun()) {
            return "count"; // EbpcDecoder refuses this before a kernel sees it
        }
        try {
            k.decode(p, znz, bpc, out);
            return null;
        } catch (MalformedStreamException e) {
            return e.getMessage();
        }
    }

    /** Any bytes as a .npy header: parsed, or IOException with a message. */
    @FuzzTest(maxDuration = "2h")
    void npyHeadersParseOrFailCleanly(byte[] head) {
        try {
            Npy.Header h = Npy.parseHeader(Arrays.copyOf(head, Math.min(head.length, 1 << 20)), head.length);
            assertNotNull(h.label());
        } catch (IOException e) {
            assertNotNull(e.getMessage());
        }
    }

    /**
     * Any bytes as a .npy, .npz or .safetensors file: its tensors, or IOException with a message;
     * the regions the container would code (as `ebpc FILE` finds them) likewise, each inside the file.
     */
    @FuzzTest(maxDuration = "2h")
    void tensorFilesParseOrFailCleanly(FuzzedDataProvider data) throws IOException {
        String[] suffixes = {".npy", ".npz", ".safetensors"};
        String name = "t" + suffixes[data.consumeInt(0, 2)];
        byte[] file = data.consumeRemainingAsBytes();
        Path f = SCRATCH.get().resolve(name);
        Files.write(f, file);
        try {
            for (TensorFiles.Tensor t : TensorFiles.read(f)) {
                assertNotNull(t.dtype());
                assertTrue(
                        t.data().length <= file.length || name.endsWith(".npz"),
                        "a tensor is no larger than a plain file");
            }
        } catch (IOException e) {
            assertNotNull(e.getMessage());
        }
        try {
            for (TensorFiles.Region r : TensorFiles.codedRegions(file, name)) {
                assertTrue(r.offset() >= 0 && r.length() >= 0 && r.offset() + r.length() <= file.length, r.toString());
            }
        } catch (IOException e) {
            assertNotNull(e.getMessage());
        }
    }

    private static final ThreadLocal<Path> SCRATCH = ThreadLocal.withInitial(() -> {
        try {
            Path d = Files.createTempDirectory("ebpc-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });
}
