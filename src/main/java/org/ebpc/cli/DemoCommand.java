package org.ebpc.cli;

import java.io.IOException;
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
import org.ebpc.io.InputWords;
import org.ebpc.kernel.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc demo}: codes the MobileNetV2 activation trace shipped in the project (48 int8
 * tensors of one photograph) with the hardware's parameters, checks the round trip and prints
 * what came out in three lines.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Compress, verify and summarize the MobileNetV2 int8 activation trace shipped with ebpc.")
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
            files = s.filter(p -> p.getFileName().toString().endsWith(".i8.npy")).sorted().toList();
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
        for (int pass = 0; pass < 3; pass++) {   // passes 0-1 warm the JIT up; pass 2 is timed
            words = zeros = out = encodeNanos = decodeNanos = 0;
            for (Path f : files) {
                byte[] raw = InputWords.load(f, 8).bytes();
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
                for (byte b : raw) {
                    zeros += b == 0 ? 1 : 0;
                }
            }
        }
        var o = main.io.out();
        o.printf("ebpc demo: MobileNetV2 activations of one photograph, %d int8 tensors, %,d bytes, %.1f%% zeros%n",
                files.size(), words, 100.0 * zeros / words);
        o.printf("  EBPC %s (the hardware's parameters): %,d bytes, ratio %.3f, round trip exact%n",
                p, out, (double) words / out);
        o.printf("  %s kernel: encode %.0f MB/s, decode %.0f MB/s (one thread, small tensors)%n",
                k.name(), words / 1e6 / (encodeNanos / 1e9), words / 1e6 / (decodeNanos / 1e9));
        return 0;
    }
}
