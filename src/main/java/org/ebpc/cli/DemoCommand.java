package org.ebpc.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.io.InputWords;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc demo}: compresses the MobileNetV2 activation trace shipped in the project (48 int8
 * .npy tensors of one photograph) to .ebpc files in a temporary folder with the hardware's
 * parameters, tests and lists them, times the codec, and prints the result in three lines.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Compress, test and list the MobileNetV2 int8 activation trace shipped with ebpc; time the codec.")
final class DemoCommand implements Callable<Integer> {

    static final String TRACE = "src/test/resources/traces/mobilenetv2-astronaut";

    @ParentCommand
    Main main;

    @Mixin
    KernelOption kernel;

    @Option(names = "--trace", paramLabel = "DIR", description = "Folder of .npy tensors (default: the bundled trace).")
    Path trace;

    @Override
    public Integer call() throws IOException, MalformedStreamException {
        Path dir = trace != null ? trace : Path.of(System.getProperty("ebpc.home", "."), TRACE);
        if (!Files.isDirectory(dir)) {
            throw new CliException(dir + ": the bundled trace is not there (run ./ebpc from the project folder)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".i8.npy"))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new CliException(dir + ": no .i8.npy tensors");
        }
        EbpcParams p = EbpcParams.DEFAULT;
        Kernel k = kernel.kernel();
        EbpcEncoder enc = new EbpcEncoder(p, k);
        EbpcDecoder dec = new EbpcDecoder(p, k);
        long words = 0;
        long zeros = 0;
        long out = 0;
        long encodeNanos = 0;
        long decodeNanos = 0;
        for (int pass = 0; pass < 3; pass++) { // passes 0-1 warm the JIT up; pass 2 is timed
            words = zeros = out = encodeNanos = decodeNanos = 0;
            for (Path f : files) {
                byte[] raw = InputWords.load(f, 8);
                long t0 = System.nanoTime();
                EncodedStreams s = enc.encode(MemorySegment.ofArray(raw));
                long t1 = System.nanoTime();
                byte[] back = dec.decodeBytes(s.znz(), s.bpc(), raw.length);
                long t2 = System.nanoTime();
                if (!Arrays.equals(raw, back)) {
                    throw new CliException(f + ": round trip is NOT exact");
                }
                encodeNanos += t1 - t0;
                decodeNanos += t2 - t1;
                words += raw.length;
                out += s.znz().length + s.bpc().length;
                zeros += org.ebpc.analysis.Schemes.zeros(new org.ebpc.kernel.Words.Int8(raw));
            }
        }
        // The container path, as `ebpc FILE`, `ebpc -t` and `ebpc -l` run it.
        long inBytes = 0;
        long containerBytes = 0;
        long listedZeros = 0;
        Path tmp = Files.createTempDirectory("ebpc-demo");
        try {
            ContainerCodec codec = new ContainerCodec(k, Runtime.getRuntime().availableProcessors());
            for (Path f : files) {
                byte[] original = Files.readAllBytes(f);
                Npy.Header npy =
                        Npy.parseHeader(Arrays.copyOf(original, Math.min(original.length, 1 << 20)), original.length);
                Container.Header h = new Container.Header(
                        p, Container.Kind.NPY, npy.dtype(), Container.DEFAULT_CHUNK_WORDS, npy.raw());
                Path packed = tmp.resolve(f.getFileName() + ".ebpc");
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(packed))) {
                    codec.compress(
                            new ByteArrayInputStream(original, npy.dataOffset(), original.length - npy.dataOffset()),
                            os,
                            h,
                            n -> {});
                }
                ByteArrayOutputStream back = new ByteArrayOutputStream(original.length);
                try (InputStream is = new BufferedInputStream(Files.newInputStream(packed))) {
                    codec.decompress(is, back, n -> {});
                }
                if (!Arrays.equals(original, back.toByteArray())) {
                    throw new CliException(f + ": the .ebpc file does not give the original back");
                }
                try (InputStream is = new BufferedInputStream(Files.newInputStream(packed))) {
                    listedZeros += codec.list(is).zeros();
                }
                inBytes += original.length;
                containerBytes += Files.size(packed);
            }
        } finally {
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }
        if (listedZeros != zeros) {
            throw new CliException("the listing counts " + listedZeros + " zeros, the data has " + zeros);
        }
        var o = main.io.out();
        o.printf(
                "ebpc demo: MobileNetV2 activations of one photograph, %d int8 .npy tensors, %,d bytes, %.1f%% zeros%n",
                files.size(), inBytes, 100.0 * zeros / words);
        o.printf(
                "  -> %d .ebpc files (%s, the hardware's parameters): %,d bytes, ratio %.3f (bare streams %.3f); "
                        + "tested and listed: byte-exact%n",
                files.size(), p, containerBytes, (double) inBytes / containerBytes, (double) words / out);
        o.printf(
                "  %s kernel: encode %.0f MB/s, decode %.0f MB/s (one thread, small tensors)%n",
                k.name(), words / 1e6 / (encodeNanos / 1e9), words / 1e6 / (decodeNanos / 1e9));
        return 0;
    }
}
