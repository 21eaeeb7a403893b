package org.ebpc.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.analysis.Schemes;
import org.ebpc.format.ContainerCodec;
import org.ebpc.hw.HwFigures;
import org.ebpc.io.AtomicOutput;
import org.ebpc.io.InputWords;
import org.ebpc.io.Layout;
import org.ebpc.io.Npy;
import org.ebpc.io.TensorFiles;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc analyze}: per tensor and in total, EBPC's streams and ratio beside the schemes it
 * is compared with, and the hardware figures (cycles, time, bytes moved, bandwidth saved), as a
 * table, CSV or JSON (docs/ANALYZE.md names the fields).
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Compression numbers for hardware work: EBPC vs ZVC, RLE, CSC, BPC, ZNZ, entropy, zstd, lz4, deflate; "
                        + "cycles and bandwidth. PATH: .npy, .npz, .safetensors, .ebpc or raw (--dtype) files, or folders of them.")
final class AnalyzeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    KernelOption kernel;

    @Option(
            names = "--dtype",
            paramLabel = "T",
            defaultValue = "int8",
            description = "Element type of raw files (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(
            names = "--block",
            paramLabel = "N",
            split = ",",
            defaultValue = "8",
            description = "Block sizes N, e.g. 8,16 (default: ${DEFAULT-VALUE}).")
    List<Integer> blocks;

    @Option(
            names = "--max-zero-run",
            paramLabel = "Z",
            split = ",",
            defaultValue = "16",
            description = "Max zero runs Z, e.g. 8,16,32 (default: ${DEFAULT-VALUE}).")
    List<Integer> zeroRuns;

    @Option(
            names = "--clock",
            paramLabel = "F",
            defaultValue = "600MHz",
            description = "Hardware clock, e.g. 600MHz, 1GHz (default: ${DEFAULT-VALUE}).")
    String clock;

    @Option(
            names = "--words-per-cycle",
            paramLabel = "K",
            defaultValue = "1",
            description = "Words the hardware codes per cycle (default: ${DEFAULT-VALUE}).")
    double wordsPerCycle;

    @Option(names = "--csv", description = "CSV on stdout instead of the table.")
    boolean csv;

    @Option(names = "--json", description = "JSON on stdout instead of the table.")
    boolean json;

    @Option(names = "--no-general", description = "Leave out zstd, lz4 and deflate (faster).")
    boolean noGeneral;

    @Option(
            names = "--layout",
            paramLabel = "L",
            defaultValue = "nchw",
            description = "Order to code 4-D tensors in: nchw, nhwc, or both side by side (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(
            names = "--input-layout",
            paramLabel = "L",
            defaultValue = "nchw",
            description =
                    "Order of the 4-D tensors in the files: nchw (PyTorch) or nhwc (TensorFlow) (default: ${DEFAULT-VALUE}).")
    String inputLayout;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description =
                    "Also write a self-contained HTML report: ratio per layer for every scheme, sparsity per layer, totals.")
    Path html;

    @Option(
            names = {"-f", "--force"},
            description = "Overwrite an existing --html file.")
    boolean force;

    @Option(
            names = "--as",
            paramLabel = "FORMAT",
            split = ",",
            description =
                    "Convert each tensor in memory before measuring: int8, int16 (the paper's fixed point: integers that fit are kept, "
                            + "anything else quantized per tensor), float16, bfloat16, float32 (rounded to nearest even); several: one row each.")
    List<String> asFormats;

    @Option(
            names = "--group-by",
            paramLabel = "KEY",
            description =
                    "Also per group of tensors: layer (file name without its folder, or the entry of an archive: one layer across images), "
                            + "kind (activation or gradient, by the traces' _gin/_gout names) or folder: ratio mean, std, min, max and the group's totals.")
    String groupBy;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders.")
    List<Path> paths;

    /** One tensor under one (W, N, Z), with the modelled hardware's cycles. */
    record Row(
            String name,
            String folder,
            String format,
            String layout,
            EbpcParams params,
            long words,
            long zeros,
            long znzBits,
            long bpcBits,
            Map<String, Long> bits,
            HwFigures hw) {
        Row named(String newName) {
            return new Row(newName, folder, format, layout, params, words, zeros, znzBits, bpcBits, bits, hw);
        }

        double ratio(String scheme) {
            long b = bits.get(scheme);
            return b == 0 ? 1.0 : (double) words * params.wordWidth() / b;
        }
    }

    @Override
    public Integer call() throws IOException {
        double hz = parseClock(clock);
        if (!(wordsPerCycle > 0)) {
            throw new CliException("--words-per-cycle must be positive", 2);
        }
        if (csv && json) {
            throw new CliException("--csv and --json exclude each other", 2);
        }
        Npy.Dtype rawDtype = CliException.usage(() -> Npy.Dtype.parse(dtype));
        CliException.usage(() -> {
            for (int n : blocks) {
                for (int z : zeroRuns) {
                    new EbpcParams(32, n, z);
                }
            }
        });
        List<Npy.Dtype> formats = CliException.usage(() -> (asFormats == null ? List.<String>of() : asFormats)
                .stream().map(org.ebpc.analysis.Formats::parse).toList());
        AnalyzeGroups.By by = groupBy == null ? null : CliException.usage(() -> AnalyzeGroups.By.parse(groupBy));
        Layout from = CliException.usage(() -> Layout.parse(inputLayout));
        List<Layout> orders = CliException.usage(() ->
                layout.equalsIgnoreCase("both") ? List.of(Layout.NCHW, Layout.NHWC) : List.of(Layout.parse(layout)));
        Kernel k = kernel.kernel();
        List<Row> rows = new ArrayList<>();
        java.util.Set<String> warned = new java.util.HashSet<>();
        int failures = 0;
        for (Path f : files()) {
            try {
                for (Tensor stored : load(f, rawDtype)) {
                    for (Npy.Dtype format : formats.isEmpty() ? List.of(stored.dtype()) : formats) {
                        Tensor t = stored.as(format);
                        boolean fourD = t.shape() != null && t.shape().length == 4;
                        for (Layout order : orders) { // tensors that are not 4-D are the same in every order
                            Words words = fourD ? from.convert(t.words(), t.shape(), order) : t.words();
                            byte[] raw = words == t.words() ? t.raw() : Words.toLittleEndian(words);
                            long zeros = Schemes.zeros(words);
                            Map<String, Long> independent = Schemes.independentOfParams(words, raw, zeros, !noGeneral);
                            for (int n : blocks) {
                                for (int z : zeroRuns) {
                                    if (n > words.width()) {
                                        continue;
                                    }
                                    EbpcParams p = new EbpcParams(words.width(), n, z);
                                    EncodedStreams s = k.encode(p, words);
                                    Map<String, Long> bits = Schemes.sizes(p, words, s, independent);
                                    HwFigures hw = HwFigures.of(p, words, s);
                                    if (hw.missing() != null && warned.add(hw.missing()) && !main.quiet) {
                                        main.io
                                                .err()
                                                .println("ebpc: warning: " + t.name() + ": " + hw.missing()
                                                        + "; no modelled hardware figures");
                                    }
                                    rows.add(new Row(
                                            t.name(),
                                            folder(f),
                                            format.label,
                                            order.name(),
                                            p,
                                            words.length(),
                                            zeros,
                                            s.znzBits(),
                                            s.bpcBits(),
                                            bits,
                                            hw));
                                }
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                main.io.err().println("ebpc: " + f + ": " + Main.describe(e));
                failures++;
            }
        }
        if (html != null) {
            AtomicOutput.checkWritable(html, force);
            writeHtml(rows, by);
        }
        PrintStream out = main.io.out();
        List<AnalyzeGroups.Group> groups = by == null ? List.of() : AnalyzeGroups.of(rows, by);
        AnalyzeOutput printed = new AnalyzeOutput(schemes(), wordsPerCycle, clock, groupBy);
        if (json) {
            printed.printJson(out, rows, groups, hz);
        } else if (csv && by != null) {
            AnalyzeGroups.printCsv(out, groups, schemes());
        } else if (csv) {
            printed.printCsv(out, rows, hz);
        } else {
            printed.printTable(out, rows, hz);
            if (by != null) {
                AnalyzeGroups.printTable(out, groups, schemes());
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private record Tensor(String name, Npy.Dtype dtype, Words words, byte[] raw, long[] shape) {
        Tensor(String name, Npy.Dtype dtype, byte[] raw, long[] shape) {
            this(name, dtype, Words.fromLittleEndian(raw, dtype.wordWidth()), raw, shape);
        }

        /** This tensor's values in another number format (--as). */
        Tensor as(Npy.Dtype format) {
            return format == dtype
                    ? this
                    : new Tensor(name, format, org.ebpc.analysis.Formats.convert(raw, dtype, format), shape);
        }
    }

    /** The folder a file was found in, as given on the command line. */
    private static String folder(Path f) {
        Path parent = f.getParent();
        return parent == null ? "." : parent.toString();
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The tensors of one file: .ebpc (decoded), .npy, .npz, .safetensors, or raw words of --dtype. */
    private List<Tensor> load(Path f, Npy.Dtype rawDtype) throws IOException {
        String name = org.ebpc.io.PathNames.of(f);
        if (name.endsWith(FileJobs.SUFFIX)) {
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ContainerCodec.Result r;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                r = new ContainerCodec(kernel.kernel(), 1).decompress(in, back, b -> {});
            }
            // The original file, analyzed as that file would be: an archive's tensors, a .npy's
            // array (big-endian words as their values), raw words of the original dtype.
            byte[] all = back.toByteArray();
            org.ebpc.format.Container.Header h = r.header();
            if (h.kind() != org.ebpc.format.Container.Kind.RAW) {
                String file = h.kind() == org.ebpc.format.Container.Kind.NPY
                        ? "t.npy"
                        : all.length >= 2 && all[0] == 'P' && all[1] == 'K' ? "t.npz" : "t.safetensors";
                Path dir = Files.createTempDirectory("ebpc-analyze");
                Path original = dir.resolve(file);
                try {
                    Files.write(original, all);
                    List<Tensor> out = new ArrayList<>();
                    for (TensorFiles.Tensor t : TensorFiles.read(original)) {
                        String tensor =
                                t.name().startsWith(file) ? name + t.name().substring(file.length()) : t.name();
                        out.add(new Tensor(tensor, t.dtype(), t.data(), t.shape()));
                    }
                    return out;
                } finally {
                    Files.deleteIfExists(original);
                    Files.deleteIfExists(dir);
                }
            }
            Npy.Dtype d = h.quantization() != null ? h.quantization().original() : h.dtype();
            return List.of(new Tensor(name, d, all, null));
        }
        if (TensorFiles.isTensorFile(f)) {
            List<Tensor> out = new ArrayList<>();
            for (TensorFiles.Tensor t : TensorFiles.read(f)) {
                out.add(new Tensor(t.name(), t.dtype(), t.data(), t.shape()));
            }
            return out;
        }
        byte[] raw = InputWords.load(f, rawDtype.wordWidth());
        return List.of(new Tensor(name, rawDtype, raw, null));
    }

    // ---------------------------------------------------------------------------- output

    private List<String> schemes() {
        List<String> s = new ArrayList<>(Schemes.FEATURE_MAP);
        if (!noGeneral) {
            s.addAll(Schemes.GENERAL);
        }
        return s;
    }

    /**
     * The report shows the first parameter set, layout and format, per tensor, with its total;
     * beside it the total of every format (--as) and, by the traces' names, of activations and
     * gradients, and the groups of --group-by.
     */
    private void writeHtml(List<Row> rows, AnalyzeGroups.By by) throws IOException {
        if (rows.isEmpty()) {
            throw new CliException("nothing to report: no tensor was read");
        }
        Row first = rows.get(0);
        // Formats differ in W: the same N, Z and layout.
        List<Row> sameSet = rows.stream()
                .filter(r -> r.params().blockSize() == first.params().blockSize()
                        && r.params().maxZeroRun() == first.params().maxZeroRun()
                        && r.layout().equals(first.layout()))
                .toList();
        List<Row> shown =
                sameSet.stream().filter(r -> r.format().equals(first.format())).toList();
        Row total = AnalyzeOutput.totals(shown).values().iterator().next();
        List<Row> formats = AnalyzeOutput.totals(sameSet).values().stream()
                .map(r -> r.named(r.format()))
                .toList();
        List<AnalyzeGroups.Group> kinds = AnalyzeGroups.of(shown, AnalyzeGroups.By.KIND);
        List<AnalyzeGroups.Group> groups = by == null ? List.of() : AnalyzeGroups.of(shown, by);
        String subtitle = String.format(
                Locale.ROOT,
                "%d tensors, %,d words, %.1f%% zeros; EBPC %s, %s, %s order; ratio = raw bits / coded bits",
                shown.size(),
                total.words(),
                AnalyzeOutput.pct(total),
                first.params(),
                first.format(),
                first.layout());
        String page = AnalyzeReport.html(
                "ebpc analyze: EBPC against other schemes", subtitle, schemes(), shown, total, formats, kinds, groups);
        try (AtomicOutput o = AtomicOutput.open(html, force)) {
            o.stream().write(page.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            o.commit();
        }
    }

    static double parseClock(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        double scale = 1;
        if (t.endsWith("ghz")) {
            scale = 1e9;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("mhz")) {
            scale = 1e6;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("khz")) {
            scale = 1e3;
            t = t.substring(0, t.length() - 3);
        } else if (t.endsWith("hz")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            double v = Double.parseDouble(t.strip()) * scale;
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CliException("--clock must be a frequency such as 600MHz or 1.2GHz, not '" + s + "'", 2);
    }
}
