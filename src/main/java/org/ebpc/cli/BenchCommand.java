package org.ebpc.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.baseline.Baseline;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.io.Npy;
import org.ebpc.io.InputWords;
import org.ebpc.kernel.BitDeposit;
import org.ebpc.kernel.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc bench}: in-process, warmed-up speed and ratio per file, like {@code zstd -b}: of
 * the .ebpc container by default, of the bare streams (chunks of at most 2^24 words, the
 * hardware's limit per stream pair) with {@code --streams}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure EBPC's ratio and encode/decode speed on files (raw words of W/8 bytes, or .npy "
                + "of a matching dtype), in-process and warmed up. Exits non-zero if a round trip is not exact.")
final class BenchCommand implements Callable<Integer> {

    static final int CHUNK_WORDS = 1 << 24;

    @ParentCommand
    Main main;
    @Mixin
    CodecOptions codec;
    @Mixin
    KernelOption kernel;
    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Measuring time per file and direction, after a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;
    @Option(names = "--compare", description = "Also measure zstd -1, zstd -3, lz4, deflate -1 and bitshuffle + lz4 on the same bytes.")
    boolean compare;
    @Option(names = "--streams", description = "Measure the bare stream pair (chunks of 2^24 words, as `ebpc streams`) "
            + "instead of the .ebpc container that `ebpc FILE` writes.")
    boolean streams;
    @Option(names = "-T", paramLabel = "#", defaultValue = "1",
            description = "Coding threads of the container path (default: ${DEFAULT-VALUE}; 0 = all cores).")
    int threads;
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files.")
    List<Path> files;

    /** One measured line. */
    record Result(String name, long in, long out, double encodeMBs, double decodeMBs) {
    }

    @Override
    public Integer call() throws IOException {
        EbpcParams p = codec.params();
        Kernel k = kernel.kernel();
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new CliException("--seconds must be in (0, 3600], not " + seconds, 2);
        }
        var err = main.io.err();
        var out = main.io.out();
        if (threads < 0) {
            throw new CliException("-T must be 0 (all cores) or more, not " + threads, 2);
        }
        int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        out.printf("ebpc bench: %s, %s, %s kernel (%s), %.1f s per measurement, median MB/s (1 MB = 10^6 bytes)%n",
                p, streams ? "bare streams" : "the .ebpc container with -T" + t, k.name(),
                k.name().equals("vector") ? BitDeposit.describe() : "no PEXT/PDEP", seconds);
        int failures = 0;
        long totalIn = 0;
        long totalOut = 0;
        double encodeSeconds = 0;
        double decodeSeconds = 0;
        for (Path f : files) {
            byte[] data;
            try {
                data = InputWords.load(f, p.wordWidth());
            } catch (IOException e) {
                err.println("ebpc: " + Main.describe(e));
                failures++;
                continue;
            }
            Result r = streams ? benchEbpc(f.getFileName().toString(), data, p, k)
                    : benchContainer(f.getFileName().toString(), data, p, k, t);
            if (r == null) {
                err.println("ebpc: " + f + ": round trip is NOT exact");
                failures++;
                continue;
            }
            print(out, r);
            totalIn += r.in();
            totalOut += r.out();
            encodeSeconds += r.in() / 1e6 / r.encodeMBs();
            decodeSeconds += r.in() / 1e6 / r.decodeMBs();
            if (compare) {
                for (Baseline b : Baseline.standard(p.bytesPerWord())) {
                    print(out, benchBaseline("  " + b.name(), data, b));
                }
            }
        }
        if (files.size() > 1 && totalIn > 0) {
            print(out, new Result("total", totalIn, totalOut, totalIn / 1e6 / encodeSeconds, totalIn / 1e6 / decodeSeconds));
        }
        return failures == 0 ? 0 : 1;
    }

    private static void print(java.io.PrintStream out, Result r) {
        out.printf("%-40s : %,12d -> %,12d (%6.3f), %8.1f MB/s, %8.1f MB/s%n",
                r.name(), r.in(), r.out(), (double) r.in() / Math.max(1, r.out()), r.encodeMBs(), r.decodeMBs());
    }

    /** Null if a round trip is not exact. */
    private Result benchEbpc(String name, byte[] raw, EbpcParams p, Kernel k) {
        EbpcEncoder enc = new EbpcEncoder(p, k);
        EbpcDecoder dec = new EbpcDecoder(p, k);
        List<MemorySegment> chunks = new ArrayList<>();
        long chunkBytes = (long) CHUNK_WORDS * p.bytesPerWord();
        MemorySegment all = MemorySegment.ofArray(raw);
        for (long at = 0; at < raw.length; at += chunkBytes) {
            chunks.add(all.asSlice(at, Math.min(chunkBytes, raw.length - at)));
        }
        List<EncodedStreams> encoded = new ArrayList<>();
        long outBytes = 0;
        for (MemorySegment c : chunks) {
            EncodedStreams s = enc.encode(c);
            encoded.add(s);
            outBytes += s.znz().length + s.bpc().length;
        }
        // Check the round trip once before timing.
        byte[] back = new byte[raw.length];
        MemorySegment backSeg = MemorySegment.ofArray(back);
        try {
            long at = 0;
            for (EncodedStreams s : encoded) {
                long len = s.words() * p.bytesPerWord();
                dec.decode(s.znz(), s.bpc(), backSeg.asSlice(at, len));
                at += len;
            }
        } catch (MalformedStreamException e) {
            return null;
        }
        if (!Arrays.equals(raw, back)) {
            return null;
        }
        double encode = measure(raw.length, () -> {
            for (MemorySegment c : chunks) {
                enc.encode(c);
            }
        });
        double decode = measure(raw.length, () -> {
            long at = 0;
            for (EncodedStreams s : encoded) {
                long len = s.words() * p.bytesPerWord();
                try {
                    dec.decode(s.znz(), s.bpc(), backSeg.asSlice(at, len));
                } catch (MalformedStreamException e) {
                    throw new IllegalStateException(e);
                }
                at += len;
            }
        });
        return new Result(name, raw.length, outBytes, encode, decode);
    }

    /**
     * The container path, in memory: what {@code ebpc FILE} and {@code ebpc -d} run (reading
     * ahead, CRC32C, slices, the ordered pipeline), raw words of the width's integer dtype.
     * Null if a round trip is not exact.
     */
    private Result benchContainer(String name, byte[] raw, EbpcParams p, Kernel k, int threads) {
        Npy.Dtype dtype = switch (p.wordWidth()) {
            case 8 -> Npy.Dtype.INT8;
            case 16 -> Npy.Dtype.INT16;
            default -> Npy.Dtype.INT32;
        };
        Container.Header h = new Container.Header(p, Container.Kind.RAW, dtype, Container.DEFAULT_CHUNK_WORDS, new byte[0]);
        ContainerCodec codec = new ContainerCodec(k, threads);
        IoBody encode = () -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream(raw.length / 2);
            codec.compress(new ByteArrayInputStream(raw), o, h, n -> { });
            return o.toByteArray();
        };
        byte[] container;
        try {
            container = encode.run();
            ByteArrayOutputStream back = new ByteArrayOutputStream(raw.length);
            codec.decompress(new ByteArrayInputStream(container), back, n -> { });
            if (!Arrays.equals(raw, back.toByteArray())) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        // Timed runs write to a sink, as a file write to the page cache costs little: the codec is
        // measured, not a growing in-memory copy of its output.
        double encodeMBs = measure(raw.length, unchecked(() -> {
            codec.compress(new ByteArrayInputStream(raw), OutputStream.nullOutputStream(), h, n -> { });
            return null;
        }));
        double decodeMBs = measure(raw.length, unchecked(() -> {
            codec.decompress(new ByteArrayInputStream(container), OutputStream.nullOutputStream(), n -> { });
            return null;
        }));
        return new Result(name, raw.length, container.length, encodeMBs, decodeMBs);
    }

    private interface IoBody {
        byte[] run() throws IOException;
    }

    private static Runnable unchecked(IoBody body) {
        return () -> {
            try {
                body.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private Result benchBaseline(String name, byte[] raw, Baseline b) {
        byte[] c = b.compress(raw);
        if (!Arrays.equals(raw, b.decompress(c, raw.length))) {
            throw new CliException(b.name() + ": round trip is not exact", 1);
        }
        double encode = measure(raw.length, () -> b.compress(raw));
        double decode = measure(raw.length, () -> b.decompress(c, raw.length));
        return new Result(name, raw.length, c.length, encode, decode);
    }

    /** Warms up, then runs {@code body} for about {@code seconds}; the median MB/s of the runs. */
    private double measure(long bytes, Runnable body) {
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        do {
            body.run();
        } while (System.nanoTime() < warmEnd);
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            long t0 = System.nanoTime();
            body.run();
            times.add(System.nanoTime() - t0);
        } while (System.nanoTime() < end || times.size() < 3);
        times.sort(null);
        long median = times.get(times.size() / 2);
        return bytes / 1e6 / (median / 1e9);
    }
}
