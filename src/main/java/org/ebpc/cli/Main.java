package org.ebpc.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ebpc} command line. Every failure ends as one line on stderr beginning
 * {@code ebpc: } and a non-zero exit code: 2 for wrong usage, 1 for a failed job.
 */
@Command(
        name = "ebpc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Extended Bit-Plane Compression (EBPC) of CNN feature maps, bit-exact with the EBPC hardware.",
            "Compresses each FILE (.npy, .npz, .safetensors, or raw words of --dtype) to FILE.ebpc; - is stdin/stdout."
        })
public final class Main implements java.util.concurrent.Callable<Integer> {

    /** Where the commands read and write; System's streams, or a test's. */
    record Io(InputStream in, PrintStream out, PrintStream err) {}

    Io io;

    @Option(
            names = {"-d", "--decompress"},
            description = "Decompress FILE.ebpc to FILE.")
    boolean decompress;

    @Option(
            names = {"-t", "--test"},
            description = "Test: decode fully and check every checksum; write nothing.")
    boolean test;

    @Option(
            names = {"-l", "--list"},
            description = "List: dtype, shape, words, zeros, ratio, chunks per file.")
    boolean list;

    @Option(
            names = {"-c", "--stdout"},
            description = "Write to standard output.")
    boolean toStdout;

    @Option(names = "-o", paramLabel = "FILE", description = "Write to FILE (one input only; - is standard output).")
    java.nio.file.Path output;

    @Option(
            names = {"-f", "--force"},
            description = "Overwrite existing outputs; write binary to a terminal.")
    boolean force;

    @Option(names = "--rm", description = "Remove each source after its output is written and verified.")
    boolean removeSource;

    @Option(
            names = {"-k", "--keep"},
            description = "Keep sources (the default).")
    boolean keep;

    @Option(
            names = {"-r", "--recursive"},
            description = "Descend into folders.")
    boolean recursive;

    @Option(
            names = "-T",
            paramLabel = "#",
            defaultValue = "1",
            description =
                    "Coding threads: chunks coded in parallel; 0 = all cores (default: ${DEFAULT-VALUE}). Input is read on a thread of its own, as zstd does.")
    int threads;

    @Option(
            names = {"-v", "--verbose"},
            description = "A summary line per file on stderr.")
    boolean verbose;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress, no warnings.")
    boolean quiet;

    @Option(
            names = "--no-progress",
            description = "No progress bar (it shows only on a terminal, for inputs over 64 MB).")
    boolean noProgress;

    @Option(
            names = "--dtype",
            paramLabel = "T",
            description = "Element type of raw input: int8, uint8, int16, uint16, float16, bfloat16, int32, uint32, "
                    + "float32 (default: int8); .npy files carry their own, and with --dtype any other input is raw "
                    + "words, whatever its first bytes look like.")
    String dtype;

    @Option(
            names = "--block",
            paramLabel = "N",
            defaultValue = "8",
            description = "Block size N: 8, 16 or 32, at most W (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(
            names = "--max-zero-run",
            paramLabel = "Z",
            defaultValue = "16",
            description = "Max zero run Z: a power of two in 2..256 (default: ${DEFAULT-VALUE}).")
    int maxZeroRun;

    @Option(
            names = "--chunk-words",
            paramLabel = "C",
            defaultValue = "4194304",
            description = "Words per chunk, 1..2^24 (the hardware's limit; default: ${DEFAULT-VALUE}).")
    int chunkWords;

    @Option(
            names = "--layout",
            paramLabel = "L",
            defaultValue = "nchw",
            description =
                    "Order of 4-D .npy arrays: nchw (as is, the default) or nhwc (channels-last, as TensorFlow dumps: "
                            + "coded in NCHW order, which compresses better, and put back on -d).")
    String layout;

    @Option(
            names = "--quantize",
            paramLabel = "Q",
            description =
                    "LOSSY, opt-in: quantize float input as the EBPC paper does (per tensor, scale 0.75 x max|x|, "
                            + "truncate): fixed8 (int8) or fixed16 (int16). The scale is stored; -d gives floats back.")
    String quantize;

    @Option(names = "--as-folder", description = "With -d: unpack an .npz container as a folder of .npy files.")
    boolean asFolder;

    @picocli.CommandLine.Mixin
    KernelOption kernel;

    @Parameters(paramLabel = "FILE", description = "Input files or folders (with -r); - for stdin.")
    java.util.List<String> files;

    @Override
    public Integer call() {
        if (output != null && output.toString().equals("-")) { // -o - is standard output, as in zstd
            output = null;
            toStdout = true;
        }
        if (files == null || files.isEmpty()) {
            // As zstd: no file operand and stdin not a terminal (the launcher says) is stdin to stdout.
            if (!"0".equals(System.getenv("EBPC_STDIN_TTY"))) {
                throw new CliException("no input files (see ebpc --help; - reads stdin)", 2);
            }
            files = java.util.List.of("-");
            toStdout |= !test && !list && output == null;
        }
        int modes = (decompress ? 1 : 0) + (test ? 1 : 0) + (list ? 1 : 0);
        if (modes > 1) {
            throw new CliException("-d, -t and -l exclude each other", 2);
        }
        if (threads < 0 || threads > 1024) {
            throw new CliException("-T must be 0 (all cores) or 1..1024, not " + threads, 2);
        }
        if (chunkWords < 1 || chunkWords > org.ebpc.format.Container.MAX_CHUNK_WORDS) {
            throw new CliException("--chunk-words must be in 1.." + org.ebpc.format.Container.MAX_CHUNK_WORDS, 2);
        }
        CliException.usage(() ->
                new org.ebpc.EbpcParams(32, block, maxZeroRun)); // N and Z on their own; N <= W is checked per file
        org.ebpc.io.Npy.Dtype d = CliException.usage(
                () -> dtype == null ? null : org.ebpc.io.Npy.Dtype.parse(dtype)); // null: .npy as such
        boolean nhwc = CliException.usage(() -> org.ebpc.io.Layout.parse(layout) == org.ebpc.io.Layout.NHWC);
        org.ebpc.io.Npy.Dtype quantizeTo = null;
        if (quantize != null) {
            quantizeTo = switch (quantize) {
                case "fixed8" -> org.ebpc.io.Npy.Dtype.INT8;
                case "fixed16" -> org.ebpc.io.Npy.Dtype.INT16;
                default -> throw new CliException("--quantize must be fixed8 or fixed16, not '" + quantize + "'", 2);
            };
        }
        FileJobs.Mode mode = decompress
                ? FileJobs.Mode.DECOMPRESS
                : test ? FileJobs.Mode.TEST : list ? FileJobs.Mode.LIST : FileJobs.Mode.COMPRESS;
        int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        org.ebpc.kernel.Kernel k = kernel.kernel();
        String quantizeLabel = quantizeTo == null ? null : quantizeTo.label;
        org.ebpc.EbpcFiles.Options codec = CliException.usage(() -> new org.ebpc.EbpcFiles.Options(
                d == null ? null : d.label, block, maxZeroRun, chunkWords, t, nhwc, quantizeLabel, k.name()));
        FileJobs.Settings s = new FileJobs.Settings(
                mode,
                toStdout,
                output,
                force,
                removeSource,
                recursive,
                quiet ? -1 : verbose ? 1 : 0,
                !noProgress,
                asFolder,
                k,
                codec);
        return new FileJobs(s, io).run(files);
    }

    public static void main(String[] args) {
        warningsAsOneLine();
        int code = run(args, new Io(System.in, System.out, System.err));
        System.out.flush();
        System.exit(code);
    }

    /** Held here: the logging framework keeps loggers weakly, and would drop the handler below with it. */
    private static final java.util.logging.Logger LIBRARY_LOG = java.util.logging.Logger.getLogger("org.ebpc");

    /** The library's warnings (System.Logger "org.ebpc", java.util.logging underneath) as "ebpc: warning: ..." lines on stderr. */
    private static void warningsAsOneLine() {
        java.util.logging.Logger log = LIBRARY_LOG;
        log.setUseParentHandlers(false);
        log.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    System.err.println("ebpc: warning: " + r.getMessage());
                }
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {}
        });
    }

    /** The subcommands, in the order help lists them. */
    private static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            DemoCommand.class, StreamsCommand.class, BenchCommand.class, StimuliCommand.class, AnalyzeCommand.class);

    /**
     * Whether picocli needs the subcommands for this command line: one of them is named, or help
     * lists them. Building their models costs about 0.2 s of start-up, so plain file jobs skip it.
     */
    static boolean needsSubcommands(String[] args) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Class<?> c : SUBCOMMANDS) {
            names.add(c.getAnnotation(Command.class).name());
        }
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (names.contains(a)
                    || a.equals("--help")
                    || (a.startsWith("-") && !a.startsWith("--") && a.indexOf('h') > 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs one command line on the given streams and returns its exit code, as {@code ebpc ARGS}
     * would exit; never throws (the Spark module runs {@code analyze} this way).
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, new Io(in, out, err));
    }

    /** Runs one command line and returns its exit code; never throws. */
    static int run(String[] args, Io io) {
        Main main = new Main();
        main.io = io;
        CommandLine cl = new CommandLine(main);
        if (needsSubcommands(args)) {
            SUBCOMMANDS.forEach(cl::addSubcommand);
        }
        cl.setOut(new PrintWriter(
                new java.io.OutputStreamWriter(io.out(), io.out().charset()), true));
        cl.setErr(new PrintWriter(
                new java.io.OutputStreamWriter(io.err(), io.err().charset()), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            io.err().println("ebpc: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            io.err().println("ebpc: " + describe(ex));
            if (System.getenv("EBPC_DEBUG") != null) {
                ex.printStackTrace(io.err());
            }
            return ex instanceof CliException c ? c.exitCode() : 1;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | OutOfMemoryError e) {
            io.err().println("ebpc: " + describe(e));
            return 3;
        }
    }

    /** One line for any failure, without a stack trace. */
    static String describe(Throwable e) {
        return e instanceof CliException c ? c.getMessage() : org.ebpc.EbpcFiles.describe(e);
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ebpc " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()};
        }
    }
}
