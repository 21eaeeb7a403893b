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
import org.ebpc.io.InputWords;
import org.ebpc.io.Npy;
import org.ebpc.kernel.BitDeposit;
import org.ebpc.kernel.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ebpc bench}: in-process, warmed-up speed and ratio per file, like {@code zstd -b}: of
 * the .ebpc container by default, of the bare streams (chunks of at most 2^24 words, the
 * hardware's limit per stream pair) with {@code --streams}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure EBPC's ratio and encode/decode speed on files (raw words of W/8 bytes, or .npy, "
                + "coded at its dtype's width unless --width is given), in-process and warmed up. "
                + "Exits non-zero if a round trip is not exact.")
final class BenchCommand implements Callable<Integer> {

    static final int CHUNK_WORDS = 1 << 24;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    CodecOptions codec;

    @Mixin
    KernelOption kernel;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "2",
            description = "Measuring time per file and direction, after a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--compare",
            description =
                    "Also measure zstd -1, zstd -3, lz4, deflate -1 and bitshuffle + lz4 on the same bytes, "
                            + "timed in turn with EBPC run by run; each line adds its speed against zstd -1's in the same rounds.")
    boolean compare;

    @Option(
            names = "--streams",
            description = "Measure the bare stream pair (chunks of 2^24 words, as `ebpc streams`) "
                    + "instead of the .ebpc container that `ebpc FILE` writes.")
    boolean streams;

    @Option(
            names = "-T",
            paramLabel = "#",
            defaultValue = "1",
            description = "Coding threads of the container path (default: ${DEFAULT-VALUE}; 0 = all cores).")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files.")
    List<Path> files;

    /** One measured line; {@code vsEncode}/{@code vsDecode}: speed against the reference codec run by run, NaN if none. */
    record Result(
            String name, long in, long out, double encodeMBs, double decodeMBs, double vsEncode, double vsDecode) {
        Result(String name, long in, long out, double encodeMBs, double decodeMBs) {
            this(name, in, out, encodeMBs, decodeMBs, Double.NaN, Double.NaN);
        }
    }

    /** A codec ready to be timed: its round trip already checked on the bytes. */
    record Contestant(String name, long out, Runnable encode, Runnable decode) {}

    /** The peer every --compare line is set against, run by run. */
    static final String REFERENCE = "zstd -1";

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
        boolean widthGiven = spec.commandLine().getParseResult().hasMatchedOption("--width");
        out.printf(
                "ebpc bench: %s%s, %s, %s kernel (%s), %.1f s per measurement%s, median MB/s (1 MB = 10^6 bytes)%n",
                p,
                widthGiven ? "" : " (a .npy file at its dtype's width)",
                streams ? "bare streams" : "the .ebpc container with -T" + t,
                k.name(),
                k.name().equals("vector") ? BitDeposit.describe() : "no PEXT/PDEP",
                seconds,
                compare ? ", codecs timed in turn run by run" : "");
        int failures = 0;
        long totalIn = 0;
        long totalOut = 0;
        double encodeSeconds = 0;
        double decodeSeconds = 0;
        EbpcParams asked = p;
        for (Path f : files) {
            byte[] data;
            String name = org.ebpc.io.PathNames.of(f);
            try {
                if (widthGiven) {
                    data = InputWords.load(f, asked.wordWidth());
                } else { // as `ebpc FILE`: a .npy file is coded at its dtype's width
                    InputWords.Loaded loaded = InputWords.loadAtItsWidth(f, asked.wordWidth());
                    data = loaded.data();
                    p = asked;
                    if (loaded.wordWidth() != asked.wordWidth()) { // wider than the default W = 8, so N = 8 fits
                        p = new EbpcParams(loaded.wordWidth(), asked.blockSize(), asked.maxZeroRun());
                        name += " (W=" + p.wordWidth() + ")";
                    }
                }
            } catch (IOException e) {
                err.println("ebpc: " + Main.describe(e));
                failures++;
                continue;
            }
            Contestant ebpc = streams ? ebpcStreams(name, data, p, k) : ebpcContainer(name, data, p, k, t);
            if (ebpc == null) {
                err.println("ebpc: " + f + ": round trip is NOT exact");
                failures++;
                continue;
            }
            List<Contestant> all = new ArrayList<>(List.of(ebpc));
            if (compare) {
                for (Baseline b : Baseline.standard(p.bytesPerWord())) {
                    all.add(baseline("  " + b.name(), data, b));
                }
            }
            List<Result> results = measure(data.length, all);
            for (Result r : results) {
                print(out, r);
            }
            Result r = results.get(0);
            totalIn += r.in();
            totalOut += r.out();
            encodeSeconds += r.in() / 1e6 / r.encodeMBs();
            decodeSeconds += r.in() / 1e6 / r.decodeMBs();
        }
        if (files.size() > 1 && totalIn > 0) {
            print(
                    out,
                    new Result(
                            "total", totalIn, totalOut, totalIn / 1e6 / encodeSeconds, totalIn / 1e6 / decodeSeconds));
        }
        return failures == 0 ? 0 : 1;
    }

    private static void print(java.io.PrintStream out, Result r) {
        String vs = Double.isNaN(r.vsEncode())
                ? ""
                : String.format(",  %.2fx / %.2fx %s", r.vsEncode(), r.vsDecode(), REFERENCE);
        out.printf(
                "%-40s : %,12d -> %,12d (%6.3f), %8.1f MB/s, %8.1f MB/s%s%n",
                r.name(), r.in(), r.out(), (double) r.in() / Math.max(1, r.out()), r.encodeMBs(), r.decodeMBs(), vs);
    }

    /** The bare streams; null if a round trip is not exact. */
    private static Contestant ebpcStreams(String name, byte[] raw, EbpcParams p, Kernel k) {
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
        Runnable encode = () -> {
            for (MemorySegment c : chunks) {
                enc.encode(c);
            }
        };
        Runnable decode = () -> {
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
        };
        return new Contestant(name, outBytes, encode, decode);
    }

    /**
     * The container path, in memory: what {@code ebpc FILE} and {@code ebpc -d} run (reading
     * ahead, CRC32C, slices, the ordered pipeline), raw words of the width's integer dtype.
     * Null if a round trip is not exact.
     */
    private static Contestant ebpcContainer(String name, byte[] raw, EbpcParams p, Kernel k, int threads) {
        Npy.Dtype dtype = switch (p.wordWidth()) {
            case 8 -> Npy.Dtype.INT8;
            case 16 -> Npy.Dtype.INT16;
            default -> Npy.Dtype.INT32;
        };
        Container.Header h =
                new Container.Header(p, Container.Kind.RAW, dtype, Container.DEFAULT_CHUNK_WORDS, new byte[0]);
        ContainerCodec codec = new ContainerCodec(k, threads);
        IoBody encode = () -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream(raw.length / 2);
            codec.compress(new ByteArrayInputStream(raw), o, h, n -> {});
            return o.toByteArray();
        };
        byte[] container;
        try {
            container = encode.run();
            ByteArrayOutputStream back = new ByteArrayOutputStream(raw.length);
            codec.decompress(new ByteArrayInputStream(container), back, n -> {});
            if (!Arrays.equals(raw, back.toByteArray())) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        // Timed runs write to a sink, as a file write to the page cache costs little: the codec is
        // measured, not a growing in-memory copy of its output.
        byte[] coded = container;
        return new Contestant(
                name,
                container.length,
                unchecked(() -> {
                    codec.compress(new ByteArrayInputStream(raw), OutputStream.nullOutputStream(), h, n -> {});
                    return null;
                }),
                unchecked(() -> {
                    codec.decompress(new ByteArrayInputStream(coded), OutputStream.nullOutputStream(), n -> {});
                    return null;
                }));
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

    private static Contestant baseline(String name, byte[] raw, Baseline b) {
        byte[] c = b.compress(raw);
        if (!Arrays.equals(raw, b.decompress(c, raw.length))) {
            throw new CliException(b.name() + ": round trip is not exact", 1);
        }
        return new Contestant(name, c.length, () -> b.compress(raw), () -> b.decompress(c, raw.length));
    }

    /**
     * Times the contestants run by run, each direction in turn (this machine's speed moves by
     * half between phases of a few seconds, docs/PERFORMANCE.md: codecs measured one after the
     * other would be set against each other in different phases): warms each up, then rounds
     * of one encode and one decode each for about {@code seconds} per contestant. Each line
     * gets its median MB/s and, if the reference peer runs, the median over rounds of its
     * speed against that peer's in the same round.
     */
    private List<Result> measure(long bytes, List<Contestant> all) {
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9) * all.size();
        do {
            for (Contestant c : all) {
                c.encode().run();
                c.decode().run();
            }
        } while (System.nanoTime() < warmEnd);
        int n = all.size();
        List<long[]> rounds = new ArrayList<>(); // per round: encode then decode nanoseconds of each contestant
        long end = System.nanoTime() + (long) (seconds * 1e9) * n;
        do {
            long[] round = new long[2 * n];
            for (int i = 0; i < n; i++) {
                round[2 * i] = time(all.get(i).encode());
                round[2 * i + 1] = time(all.get(i).decode());
            }
            rounds.add(round);
        } while (System.nanoTime() < end || rounds.size() < 3);
        int ref = -1;
        for (int i = 0; i < n; i++) {
            if (all.get(i).name().strip().equals(REFERENCE)) {
                ref = i;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Contestant c = all.get(i);
            double vsEncode = ref < 0 ? Double.NaN : medianRatio(rounds, 2 * ref, 2 * i);
            double vsDecode = ref < 0 ? Double.NaN : medianRatio(rounds, 2 * ref + 1, 2 * i + 1);
            results.add(new Result(
                    c.name(),
                    bytes,
                    c.out(),
                    mbs(bytes, median(rounds, 2 * i)),
                    mbs(bytes, median(rounds, 2 * i + 1)),
                    vsEncode,
                    vsDecode));
        }
        return results;
    }

    private static long time(Runnable body) {
        long t0 = System.nanoTime();
        body.run();
        return System.nanoTime() - t0;
    }

    private static double mbs(long bytes, double nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static double median(List<long[]> rounds, int column) {
        double[] v = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    /** The median over rounds of time[ref] / time[column]: the speed of column against ref's in the same round. */
    private static double medianRatio(List<long[]> rounds, int ref, int column) {
        double[] v = rounds.stream()
                .mapToDouble(r -> (double) r[ref] / r[column])
                .sorted()
                .toArray();
        return v[v.length / 2];
    }
}
