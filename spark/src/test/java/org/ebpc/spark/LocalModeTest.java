package org.ebpc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs in local mode (local[2]) against the command line, over a folder of the bundled traces. */
class LocalModeTest {

    private static final String MASTER = "local[2]";

    @TempDir
    Path dir;

    private static void assertSameFiles(Path expected, Path actual, String suffix) throws IOException {
        List<String> want =
                Corpora.files(expected).stream().filter(f -> f.endsWith(suffix)).toList();
        assertEquals(want, Corpora.files(actual), "the same files, no others (no temporaries, no parts)");
        for (String f : want) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
        }
    }

    @Test
    void compressWritesTheCommandLinesBytesAndDecompressGivesTheOriginals() throws IOException {
        Path in = Corpora.make(dir, 6);
        Path out = dir.resolve("out");
        Corpora.Run c = Corpora.spark("--master", MASTER, "compress", in.toString(), out.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("18 files (0 skipped, 0 failed)"), c.out());
        assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli")), out, ".ebpc");

        Path back = dir.resolve("back");
        Corpora.Run d = Corpora.spark("--master", MASTER, "decompress", out.toString(), back.toString());
        assertEquals(0, d.code(), d.err());
        assertSameFiles(in, back, "");

        Corpora.Run t = Corpora.spark("--master", MASTER, "test", out.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("18 files (0 skipped, 0 failed)"), t.out());
    }

    /** Files larger than the split size coded as ranges of chunks on several tasks, joined: still the command line's bytes. */
    @Test
    void largeFilesSplitIntoChunkRangesGiveTheSameBytes() throws IOException {
        Path in = Corpora.make(dir, 4);
        Path out = dir.resolve("out");
        Corpora.Run c = Corpora.spark(
                "--master",
                MASTER,
                "compress",
                "--split-bytes",
                "64k",
                "--chunk-words",
                "20000",
                in.toString(),
                out.toString());
        assertEquals(0, c.code(), c.err());
        assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli"), "--chunk-words", "20000"), out, ".ebpc");
    }

    @Test
    void codecOptionsReachTheCodec() throws IOException {
        Path in = Corpora.make(dir, 3);
        Files.write(
                in.resolve("a/raw.bin"),
                Arrays.copyOf(Files.readAllBytes(in.resolve(Corpora.files(in).get(0))), 30000));
        Path out = dir.resolve("out");
        String[] options = {"--max-zero-run", "32", "--chunk-words", "5000", "--dtype", "int16"};
        List<String> args = new ArrayList<>(List.of("--master", MASTER, "compress"));
        args.addAll(List.of(options));
        args.addAll(List.of(in.toString(), out.toString()));
        Corpora.Run c = Corpora.spark(args.toArray(String[]::new));
        assertEquals(0, c.code(), c.err());
        assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli"), options), out, ".ebpc");
    }

    /** Lossy --quantize and channels-last --layout nhwc: coded whole (they do not split), as the command line codes them. */
    @Test
    void lossyAndChannelsLastFilesAreTheCommandLines() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String f : Corpora.files(Corpora.TRACES)) {
            if (f.contains(".f16.")) {
                Files.copy(Corpora.TRACES.resolve(f), in.resolve(f));
            }
        }
        for (String[] options : new String[][] {{"--quantize", "fixed8"}, {"--layout", "nhwc"}}) {
            Path out = dir.resolve("out" + options[1]);
            List<String> args = new ArrayList<>(List.of("--master", MASTER, "compress", "--split-bytes", "1k"));
            args.addAll(List.of(options));
            args.addAll(List.of(in.toString(), out.toString()));
            Corpora.Run c = Corpora.spark(args.toArray(String[]::new));
            assertEquals(0, c.code(), c.err());
            assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli" + options[1]), options), out, ".ebpc");
        }
    }

    /**
     * A task that dies after writing its temporary (a lost executor): without retries the job
     * fails and no output of that file appears; a re-run keeps what verifies and redoes the rest.
     */
    @Test
    void aFailedJobLeavesNoPartialOutputAndItsRerunCompletes() throws IOException {
        Path in = Corpora.make(dir, 4);
        Path out = dir.resolve("out");
        List<String> names = Corpora.files(in);
        String victim = names.get(names.size() - 1);
        Corpora.Run failed;
        System.setProperty("ebpc.spark.fault", victim);
        try {
            failed = Corpora.spark("--master", MASTER, "compress", in.toString(), out.toString());
        } finally {
            System.clearProperty("ebpc.spark.fault");
        }
        assertEquals(1, failed.code(), failed.out());
        assertTrue(failed.err().contains("the job failed: injected fault while writing " + victim), failed.err());
        assertFalse(Files.exists(out.resolve(victim + ".ebpc")), "the file whose task died has no output");
        for (String f : Corpora.files(out)) {
            assertTrue(
                    f.endsWith(".ebpc") || Path.of(f).getFileName().toString().startsWith("."), f);
        }

        Corpora.Run rerun = Corpora.spark("--master", MASTER, "compress", in.toString(), out.toString());
        assertEquals(0, rerun.code(), rerun.err());
        assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli")), out, ".ebpc");
    }

    /** The same fault with one retry allowed (local[2,2]): the job succeeds and the dead attempt's temporary is swept. */
    @Test
    void aRetriedTaskLeavesNoTemporary() throws IOException {
        Path in = Corpora.make(dir, 3);
        Path out = dir.resolve("out");
        String victim = "a/" + Corpora.files(in.resolve("a")).get(0);
        System.setProperty("ebpc.spark.fault", victim);
        Corpora.Run r;
        try {
            r = Corpora.spark(
                    "--master",
                    "local[2,2]",
                    "compress",
                    "--split-bytes",
                    "64k",
                    "--chunk-words",
                    "20000",
                    in.toString(),
                    out.toString());
        } finally {
            System.clearProperty("ebpc.spark.fault");
        }
        assertEquals(0, r.code(), r.err());
        assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli"), "--chunk-words", "20000"), out, ".ebpc");
    }

    /** A damaged earlier output is redone, not kept. */
    @Test
    void aDamagedOutputIsRedone() throws IOException {
        Path in = Corpora.make(dir, 2);
        Path out = dir.resolve("out");
        assertEquals(
                0,
                Corpora.spark("--master", MASTER, "compress", in.toString(), out.toString())
                        .code());
        Path damaged = out.resolve(Corpora.files(out).get(0));
        byte[] b = Files.readAllBytes(damaged);
        Files.write(damaged, Arrays.copyOf(b, b.length - 7)); // truncated, as a killed copy leaves it
        Corpora.Run r = Corpora.spark("--master", MASTER, "compress", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 files (5 skipped, 0 failed)"), r.out());
        assertSameFiles(Corpora.compressedByCli(in, dir.resolve("cli")), out, ".ebpc");
    }

    /** Bad files inside a corpus: each named with the command line's message, the others done, exit 1. */
    @Test
    void badInputIsReportedPerFileAndTheJobGoesOn() throws IOException {
        Path in = Corpora.make(dir, 2);
        byte[] npy = Files.readAllBytes(
                Corpora.TRACES.resolve(Corpora.files(Corpora.TRACES).get(0)));
        Files.write(in.resolve("truncated.npy"), Arrays.copyOf(npy, npy.length - 5));
        Files.write(in.resolve("bad.safetensors"), "xxxxxxxx{}".getBytes());
        Path out = dir.resolve("out");
        Corpora.Run c = Corpora.spark("--master", MASTER, "compress", in.toString(), out.toString());
        assertEquals(1, c.code());
        assertTrue(c.out().contains("8 files (0 skipped, 2 failed)"), c.out());
        for (String bad : List.of("truncated.npy", "bad.safetensors")) {
            Corpora.Run cli = Corpora.ebpc("-q", "-c", in.resolve(bad).toString());
            String message = cli.err().strip().substring(("ebpc: " + in.resolve(bad) + ": ").length());
            assertTrue(c.err().contains("ebpc-spark: " + bad + ": " + message + "\n"), c.err() + " / " + cli.err());
            assertFalse(Files.exists(out.resolve(bad + ".ebpc")));
        }
        assertEquals(6, Corpora.files(out).size());

        Path corrupt = out.resolve(Corpora.files(out).get(1));
        byte[] b = Files.readAllBytes(corrupt);
        b[b.length / 2] ^= 0x40;
        Files.write(corrupt, b);
        Corpora.Run t = Corpora.spark("--master", MASTER, "test", out.toString());
        assertEquals(1, t.code());
        String cliMessage =
                Corpora.ebpc("-t", corrupt.toString()).err().strip().substring(("ebpc: " + corrupt + ": ").length());
        assertTrue(t.err().contains("ebpc-spark: " + out.relativize(corrupt) + ": " + cliMessage), t.err());
        assertTrue(t.out().contains("6 files (0 skipped, 1 failed)"), t.out());
    }

    /** analyze: tensors.csv is the command line's rows with a path column; layers.csv the per-layer figures across folders. */
    @Test
    void analyzeRowsEqualTheCommandLines() throws IOException {
        Path in = Corpora.make(dir, 3);
        Files.copy(Path.of("../src/test/resources/npy/mixed.npz"), in.resolve("a/mixed.npz"));
        Path out = dir.resolve("out");
        Corpora.Run a = Corpora.spark("--master", MASTER, "analyze", in.toString(), out.toString());
        assertEquals(0, a.code(), a.err());
        List<String> tensors = Files.readAllLines(out.resolve("tensors.csv"));

        Corpora.Run cli = Corpora.ebpc("analyze", "--csv", in.toString());
        assertEquals(0, cli.code(), cli.err());
        List<String> cliLines = new ArrayList<>(cli.out().lines().toList());
        assertEquals("path," + cliLines.get(0), tensors.get(0));
        List<String> cliRows = cliLines.subList(1, cliLines.size()).stream()
                .filter(l -> !l.startsWith("TOTAL,"))
                .toList();
        assertEquals(cliRows.size(), tensors.size() - 1);
        // The command line walks the folder in path order, the job too: row for row, the same fields after the path.
        Map<String, String> byPath = new TreeMap<>();
        for (String t : tensors.subList(1, tensors.size())) {
            List<String> f = AnalyzeJob.Csv.fields(t);
            byPath.put(f.get(0), t.substring(t.indexOf(',') + 1));
        }
        assertTrue(byPath.containsKey("a/mixed.npz/f"), byPath.keySet().toString());
        assertTrue(
                byPath.containsKey("b/c/" + Corpora.files(Corpora.TRACES).get(0)),
                byPath.keySet().toString());
        assertEquals(new java.util.HashSet<>(cliRows), new java.util.HashSet<>(byPath.values()));

        // Each trace appears in three folders: count 3, std 0 (the same tensor), mean its ratio.
        List<String> layers = Files.readAllLines(out.resolve("layers.csv"));
        assertEquals(
                "layer,format,layout,word_width,block_size,max_zero_run,count,ratio_mean,ratio_std,ratio_min,ratio_max,sparsity_mean",
                layers.get(0));
        String first = Corpora.files(Corpora.TRACES).get(0);
        String row = layers.stream()
                .filter(l -> l.startsWith(first + ","))
                .findFirst()
                .orElseThrow();
        List<String> f = AnalyzeJob.Csv.fields(row);
        List<String> cliRow = AnalyzeJob.Csv.fields(cliRows.get(0));
        assertEquals("3", f.get(6));
        assertEquals(cliRow.get(10), f.get(7), "mean ratio");
        assertEquals("0", f.get(8));
        assertEquals(cliRow.get(7), f.get(11), "mean sparsity");
        assertTrue(Files.isDirectory(out.resolve("tensors"))
                && Corpora.files(out.resolve("tensors")).stream().anyMatch(p -> p.endsWith(".parquet")));
    }

    /** A bad file in an analyzed corpus: named with the command line's message, the other files' rows written, exit 1. */
    @Test
    void analyzeReportsABadFileAndWritesTheOthers() throws IOException {
        Path in = Corpora.make(dir, 2);
        byte[] npy = Files.readAllBytes(
                Corpora.TRACES.resolve(Corpora.files(Corpora.TRACES).get(0)));
        Files.write(in.resolve("a/truncated.npy"), Arrays.copyOf(npy, npy.length - 5));
        Path out = dir.resolve("out");
        Corpora.Run a = Corpora.spark("--master", MASTER, "analyze", "--no-general", in.toString(), out.toString());
        assertEquals(1, a.code(), a.err());
        Path bad = in.resolve("a/truncated.npy");
        Corpora.Run cli = Corpora.ebpc("analyze", "--csv", "--no-general", bad.toString());
        String message = cli.err().strip().substring(("ebpc: " + bad + ": ").length());
        assertTrue(a.err().contains("ebpc-spark: a/truncated.npy: " + message + "\n"), a.err() + " / " + cli.err());
        assertTrue(a.out().contains("7 files (0 skipped, 1 failed)"), a.out());
        assertEquals(
                1 + 6,
                Files.readAllLines(out.resolve("tensors.csv")).size(),
                "the six good files' rows under the header");
    }

    @Test
    void usageErrorsExit2InOneLine() {
        Corpora.Run r = Corpora.spark("compress", "--split-bytes", "lots", "a", "b");
        assertEquals(2, r.code());
        assertEquals(
                "ebpc-spark: --split-bytes must be a size such as 128m, 64k or 1048576, not 'lots'",
                r.err().strip());
        Corpora.Run q = Corpora.spark("compress", "--quantize", "fixed4", "a", "b");
        assertEquals(2, q.code());
        assertEquals(1, q.err().strip().lines().count(), q.err());
        Corpora.Run missing = Corpora.spark(
                "test", "--master", MASTER, dir.resolve("nothing").toString()); // --master after the command too
        assertEquals(1, missing.code());
        assertTrue(missing.err().strip().endsWith("nothing: no such file or folder"), missing.err());
        assertEquals(
                1,
                missing.err()
                        .strip()
                        .lines()
                        .filter(l -> l.startsWith("ebpc-spark"))
                        .count(),
                missing.err());
    }
}
