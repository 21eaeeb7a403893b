package org.ebpc.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ebpc.EbpcFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc-spark compress|decompress|test|analyze}: the command line's file jobs over a
 * corpus on any Hadoop file system, spread over a Spark cluster's executors. Each failed file is
 * named with the command line's message; the job goes on and exits 1 at the end.
 */
@Command(
        name = "ebpc-spark",
        mixinStandardHelpOptions = true,
        description =
                "EBPC over trace corpora with Apache Spark. IN and OUT: folders or files on any Hadoop file system "
                        + "(hdfs://, s3a://, file://; a plain path is local).",
        subcommands = {
            EbpcSpark.Compress.class,
            EbpcSpark.Decompress.class,
            EbpcSpark.Test.class,
            EbpcSpark.Analyze.class
        })
public final class EbpcSpark {

    @Option(
            names = "--master",
            paramLabel = "URL",
            scope = CommandLine.ScopeType.INHERIT,
            description =
                    "Spark master, e.g. local[2], spark://host:7077, yarn (default: spark-submit's, else local[*]).")
    String master;

    PrintStream out = System.out;
    PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line and returns its exit code: 0, 1 when a file failed, 2 for a usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        EbpcSpark main = new EbpcSpark();
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ebpc-spark: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("ebpc-spark: " + describe(ex));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    /** One line for a failure of the job itself: the root cause's message. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = root instanceof Faults.InjectedFault ? root.getMessage() : EbpcFiles.describe(root);
        String line = e instanceof org.apache.spark.SparkException || root != e
                ? "the job failed: " + cause
                : EbpcFiles.describe(e);
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end); // Spark's messages carry stack traces below their first line
    }

    /** A Spark session for one job; the master from --master, spark-submit or local[*]. */
    SparkSession session(String job) {
        SparkConf conf = new SparkConf().setAppName("ebpc-spark " + job);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000"); // analyze's rows have ~40 columns
        return SparkSession.builder()
                .config(conf)
                .getOrCreate(); // log levels: the module's log4j2.properties, or the cluster's
    }

    /** Names each failed file, prints the summary line; the exit code. */
    int report(String job, List<Outcome> outcomes, long startNanos) {
        long in = 0;
        long written = 0;
        int failed = 0;
        int skipped = 0;
        for (Outcome o : outcomes) {
            switch (o.status()) {
                case FAILED -> {
                    failed++;
                    err.println("ebpc-spark: " + o.rel() + ": " + o.message());
                }
                case SKIPPED -> skipped++;
                case DONE -> {}
            }
            in += o.bytesIn();
            written += o.bytesOut();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String sizes = switch (job) {
            case "test" -> String.format(Locale.ROOT, "%,d bytes checked (%,d original)", in, written);
            case "analyze" -> String.format(Locale.ROOT, "%,d bytes read, %,d tensor rows", in, written);
            case "decompress" -> String.format(Locale.ROOT, "%,d -> %,d bytes", in, written);
            default ->
                String.format(
                        Locale.ROOT,
                        "%,d -> %,d bytes (%.3fx)",
                        in,
                        written,
                        written == 0 ? 1.0 : (double) in / written);
        };
        out.printf(
                Locale.ROOT,
                "ebpc-spark %s: %d files (%d skipped, %d failed), %s, %.1f s%n",
                job,
                outcomes.size(),
                skipped,
                failed,
                sizes,
                seconds);
        return failed == 0 ? 0 : 1;
    }

    static String jobId() {
        return String.format("%012x", new java.security.SecureRandom().nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    @Command(
            name = "compress",
            mixinStandardHelpOptions = true,
            description =
                    "Every file under IN becomes OUT/its path.ebpc, byte-identical to ./ebpc FILE with the same options; "
                            + "outputs that already verify are kept (a re-run after a failed job redoes only the rest).")
    static final class Compress implements Callable<Integer> {
        @ParentCommand
        EbpcSpark main;

        @Parameters(index = "0", paramLabel = "IN")
        String in;

        @Parameters(index = "1", paramLabel = "OUT")
        String outRoot;

        @Option(
                names = "--dtype",
                paramLabel = "T",
                description = "Element type of raw (not .npy) files, as ebpc --dtype.")
        String dtype;

        @Option(
                names = "--block",
                paramLabel = "N",
                defaultValue = "8",
                description = "Block size N (default: ${DEFAULT-VALUE}).")
        int block;

        @Option(
                names = "--max-zero-run",
                paramLabel = "Z",
                defaultValue = "16",
                description = "Max zero run Z (default: ${DEFAULT-VALUE}).")
        int maxZeroRun;

        @Option(
                names = "--chunk-words",
                paramLabel = "C",
                defaultValue = "4194304",
                description = "Words per chunk (default: ${DEFAULT-VALUE}).")
        int chunkWords;

        @Option(
                names = "--layout",
                paramLabel = "L",
                defaultValue = "nchw",
                description = "nchw (as is) or nhwc, as ebpc --layout.")
        String layout;

        @Option(names = "--quantize", paramLabel = "Q", description = "LOSSY: fixed8 or fixed16, as ebpc --quantize.")
        String quantize;

        @Option(
                names = "--split-bytes",
                paramLabel = "B",
                defaultValue = "128m",
                description =
                        "Files larger than this are coded as ranges of whole chunks of about this size, in parallel (default: ${DEFAULT-VALUE}).")
        String splitBytes;

        @Override
        public Integer call() throws Exception {
            String quantizeTo = quantize == null
                    ? null
                    : switch (quantize) {
                        case "fixed8" -> "int8";
                        case "fixed16" -> "int16";
                        default ->
                            throw new IllegalArgumentException(
                                    "--quantize must be fixed8 or fixed16, not '" + quantize + "'");
                    };
            boolean nhwc = org.ebpc.io.Layout.parse(layout) == org.ebpc.io.Layout.NHWC;
            EbpcFiles.Options o =
                    new EbpcFiles.Options(dtype, block, maxZeroRun, chunkWords, 1, nhwc, quantizeTo, null);
            CompressJob.Settings s = new CompressJob.Settings(o, bytes(splitBytes));
            long start = System.nanoTime();
            try (JobRun run = new JobRun(main, "compress", in, outRoot, rel -> !rel.endsWith(CompressJob.SUFFIX))) {
                return main.report(
                        "compress",
                        CompressJob.run(run.sc, run.files, run.out.toString(), s, run.shared, run.id),
                        start);
            }
        }
    }

    @Command(
            name = "decompress",
            mixinStandardHelpOptions = true,
            description = "Every IN/X.ebpc back to OUT/X, byte for byte; every checksum verified.")
    static final class Decompress implements Callable<Integer> {
        @ParentCommand
        EbpcSpark main;

        @Parameters(index = "0", paramLabel = "IN")
        String in;

        @Parameters(index = "1", paramLabel = "OUT")
        String outRoot;

        @Override
        public Integer call() throws Exception {
            long start = System.nanoTime();
            try (JobRun run = new JobRun(main, "decompress", in, outRoot, rel -> rel.endsWith(CompressJob.SUFFIX))) {
                return main.report(
                        "decompress", RestoreJob.run(run.sc, run.files, run.out.toString(), run.shared, run.id), start);
            }
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description =
                    "Every .ebpc file under IN decoded fully, every checksum checked; damaged files named, exit 1 when any is.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        EbpcSpark main;

        @Parameters(index = "0", paramLabel = "IN")
        String in;

        @Override
        public Integer call() throws Exception {
            long start = System.nanoTime();
            try (JobRun run = new JobRun(main, "test", in, null, rel -> rel.endsWith(CompressJob.SUFFIX))) {
                return main.report("test", RestoreJob.run(run.sc, run.files, null, run.shared, null), start);
            }
        }
    }

    @Command(
            name = "analyze",
            mixinStandardHelpOptions = true,
            description =
                    "The ebpc analyze --csv figures of every tensor under IN: OUT/tensors.csv and OUT/tensors/ (Parquet), "
                            + "with a path column first; OUT/layers.csv: ratio count, mean, std, min, max and mean sparsity per layer name.")
    static final class Analyze implements Callable<Integer> {
        @ParentCommand
        EbpcSpark main;

        @Parameters(index = "0", paramLabel = "IN")
        String in;

        @Parameters(index = "1", paramLabel = "OUT")
        String outRoot;

        @Option(
                names = "--dtype",
                paramLabel = "T",
                description = "Element type of raw files, as ebpc analyze --dtype.")
        String dtype;

        @Option(names = "--block", paramLabel = "N", description = "Block sizes N, e.g. 8,16.")
        String block;

        @Option(names = "--max-zero-run", paramLabel = "Z", description = "Max zero runs Z, e.g. 8,16,32.")
        String maxZeroRun;

        @Option(names = "--as", paramLabel = "FORMAT", description = "Number formats, as ebpc analyze --as.")
        String as;

        @Option(names = "--layout", paramLabel = "L", description = "nchw, nhwc or both, as ebpc analyze --layout.")
        String layout;

        @Option(
                names = "--input-layout",
                paramLabel = "L",
                description = "nchw or nhwc, as ebpc analyze --input-layout.")
        String inputLayout;

        @Option(names = "--clock", paramLabel = "F", description = "Hardware clock, as ebpc analyze --clock.")
        String clock;

        @Option(names = "--no-general", description = "Leave out zstd, lz4 and deflate.")
        boolean noGeneral;

        List<String> options() {
            List<String> o = new ArrayList<>();
            String[][] pairs = {
                {"--dtype", dtype},
                {"--block", block},
                {"--max-zero-run", maxZeroRun},
                {"--as", as},
                {"--layout", layout},
                {"--input-layout", inputLayout},
                {"--clock", clock}
            };
            for (String[] p : pairs) {
                if (p[1] != null) {
                    o.add(p[0]);
                    o.add(p[1]);
                }
            }
            if (noGeneral) {
                o.add("--no-general");
            }
            return o;
        }

        @Override
        public Integer call() throws Exception {
            List<String> options = options();
            checkOptions(options);
            long start = System.nanoTime();
            try (JobRun run = new JobRun(main, "analyze", in, outRoot, rel -> true)) {
                List<AnalyzeJob.Analyzed> analyzed = AnalyzeJob.run(run.sc, run.files, options, run.shared);
                AnalyzeTables.write(run.spark, analyzed, run.out.toString(), run.conf, run.id);
                List<Outcome> outcomes = new ArrayList<>();
                for (AnalyzeJob.Analyzed a : analyzed) {
                    outcomes.add(
                            a.failure() != null
                                    ? Outcome.failed(a.rel(), a.failure())
                                    : Outcome.done(a.rel(), a.bytes(), a.lines().size()));
                }
                return main.report("analyze", outcomes, start);
            }
        }

        /** The options checked once by the command line itself, on an empty file, before any executor starts. */
        private void checkOptions(List<String> options) throws java.io.IOException {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ebpc-spark-check");
            java.nio.file.Path empty = java.nio.file.Files.createFile(dir.resolve("empty.bin"));
            try {
                AnalyzeJob.Cli c = AnalyzeJob.Cli.run(options, empty);
                if (c.code() == 2) {
                    throw new IllegalArgumentException(c.failure(empty));
                }
            } finally {
                java.nio.file.Files.deleteIfExists(empty);
                java.nio.file.Files.deleteIfExists(dir);
            }
        }
    }

    /** "128m", "64k", "1g" or plain bytes. */
    static long bytes(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long scale = 1;
        if (t.endsWith("k")) {
            scale = 1L << 10;
        } else if (t.endsWith("m")) {
            scale = 1L << 20;
        } else if (t.endsWith("g")) {
            scale = 1L << 30;
        }
        try {
            long v = Long.parseLong(scale == 1 ? t : t.substring(0, t.length() - 1)) * scale;
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--split-bytes must be a size such as 128m, 64k or 1048576, not '" + s + "'");
    }
}
