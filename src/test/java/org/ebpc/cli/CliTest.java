package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of `ebpc streams`, `bench` and `demo`, run in-process. */
class CliTest {

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        /** The error output is exactly one line starting "ebpc: ". */
        void assertOneErrorLine() {
            assertTrue(err.startsWith("ebpc: "), err);
            assertEquals(1, err.strip().lines().count(), err);
        }
    }

    static Run run(String... args) {
        CliRun r = CliRun.of(new byte[0], args);
        return new Run(r.code(), r.out(), r.err());
    }

    Path resource(String name) throws IOException {
        return CliRun.copyResource(dir, name, name.replace('/', '_'));
    }

    List<String> files() throws IOException {
        return CliRun.files(dir);
    }

    @Test
    void encodeWritesTheConformanceStreamsSilently() throws IOException {
        Path in = resource("conformance/w16n8z16_relu_like.in");
        Run r = run(
                "streams",
                "encode",
                "--width",
                "16",
                "--block",
                "8",
                "--max-zero-run",
                "16",
                in.toString(),
                dir.resolve("o.znz").toString(),
                dir.resolve("o.bpc").toString());
        assertEquals(new Run(0, "", ""), r);
        assertArrayEquals(
                Files.readAllBytes(resource("conformance/w16n8z16_relu_like.znz")),
                Files.readAllBytes(dir.resolve("o.znz")));
        assertArrayEquals(
                Files.readAllBytes(resource("conformance/w16n8z16_relu_like.bpc")),
                Files.readAllBytes(dir.resolve("o.bpc")));
    }

    @Test
    void decodeGivesTheInputBack() throws IOException {
        Path znz = resource("conformance/w32n16z16_random_sp50.znz");
        Path bpc = resource("conformance/w32n16z16_random_sp50.bpc");
        Path in = resource("conformance/w32n16z16_random_sp50.in");
        Path out = dir.resolve("back.raw");
        Run r = run(
                "streams",
                "decode",
                "--width=32",
                "--block=16",
                "--words",
                String.valueOf(Files.size(in) / 4),
                "-v",
                znz.toString(),
                bpc.toString(),
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("words"), "-v prints a summary: " + r.err());
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out));
    }

    @Test
    void bothKernelsOnTheCommandLine() throws IOException {
        Path in = resource("conformance/w8n8z16_bitpattern_mix.in");
        for (String k : new String[] {"scalar", "vector", "auto"}) {
            Run r = run(
                    "streams",
                    "encode",
                    "--kernel",
                    k,
                    in.toString(),
                    dir.resolve(k + ".znz").toString(),
                    dir.resolve(k + ".bpc").toString());
            assertEquals(0, r.code(), r.err());
            assertArrayEquals(
                    Files.readAllBytes(resource("conformance/w8n8z16_bitpattern_mix.bpc")),
                    Files.readAllBytes(dir.resolve(k + ".bpc")));
        }
        Run bad = run("streams", "encode", "--kernel", "gpu", in.toString(), "a", "b");
        assertEquals(2, bad.code());
        bad.assertOneErrorLine();
    }

    @Test
    void existingOutputIsKeptWithoutForce() throws IOException {
        Path in = resource("conformance/w8n8z16_ramp.in");
        Path znz = dir.resolve("x.znz");
        Files.writeString(znz, "precious");
        Run r = run(
                "streams",
                "encode",
                in.toString(),
                znz.toString(),
                dir.resolve("x.bpc").toString());
        assertEquals(1, r.code());
        r.assertOneErrorLine();
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("precious", Files.readString(znz));
        assertFalse(Files.exists(dir.resolve("x.bpc")), "nothing written on failure");

        Run forced = run(
                "streams",
                "encode",
                "-f",
                in.toString(),
                znz.toString(),
                dir.resolve("x.bpc").toString());
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(Files.readAllBytes(resource("conformance/w8n8z16_ramp.znz")), Files.readAllBytes(znz));
    }

    @Test
    void corruptStreamLeavesNoOutputAndNamesTheStream() throws IOException {
        Path znz = resource("conformance/w8n8z16_relu_like.znz");
        byte[] bpc = Files.readAllBytes(resource("conformance/w8n8z16_relu_like.bpc"));
        Path cut = dir.resolve("cut.bpc");
        Files.write(cut, java.util.Arrays.copyOf(bpc, bpc.length / 2));
        List<String> before = files();
        Run r = run(
                "streams",
                "decode",
                "--words",
                "2500",
                znz.toString(),
                cut.toString(),
                dir.resolve("out.raw").toString());
        assertEquals(1, r.code());
        r.assertOneErrorLine();
        assertTrue(r.err().contains("cut.bpc") && r.err().contains("BPC stream, bit "), r.err());
        assertEquals(before, files(), "no output and no temporary file left behind");
    }

    @Test
    void wrongWordCountIsACleanError() throws IOException {
        Path znz = resource("conformance/w8n8z16_relu_like.znz");
        Path bpc = resource("conformance/w8n8z16_relu_like.bpc");
        for (String words : new String[] {"2499", "2501", "99999999"}) {
            Run r = run(
                    "streams",
                    "decode",
                    "--words",
                    words,
                    znz.toString(),
                    bpc.toString(),
                    dir.resolve("o" + words).toString());
            assertEquals(1, r.code(), words);
            r.assertOneErrorLine();
            assertFalse(Files.exists(dir.resolve("o" + words)));
        }
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        for (String[] args : new String[][] {
            {"streams", "encode", "--width", "12", "a", "b", "c"},
            {"streams", "encode", "--block", "32", "a", "b", "c"},
            {"streams", "encode", "--max-zero-run", "24", "a", "b", "c"},
            {"streams", "decode", "a", "b", "c"},
            {"streams", "encode", "--no-such-flag", "a", "b", "c"},
            {"streams", "encode", "onlyone"},
            {"--no-such-top-level-flag"},
            {"streams"},
        }) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            r.assertOneErrorLine();
        }
    }

    @Test
    void missingInputIsOneLine() {
        Run r = run(
                "streams",
                "encode",
                dir.resolve("nope.raw").toString(),
                dir.resolve("a").toString(),
                dir.resolve("b").toString());
        assertEquals(1, r.code());
        r.assertOneErrorLine();
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void inputOfPartialWordsIsRejected() throws IOException {
        Path odd = dir.resolve("odd.raw");
        Files.write(odd, new byte[] {1, 2, 3});
        Run r = run(
                "streams",
                "encode",
                "--width",
                "16",
                odd.toString(),
                dir.resolve("a").toString(),
                dir.resolve("b").toString());
        assertEquals(1, r.code());
        r.assertOneErrorLine();
        assertTrue(r.err().contains("whole number"), r.err());
    }

    @Test
    void outputInMissingFolderIsOneLine() throws IOException {
        Path in = resource("conformance/w8n8z16_ramp.in");
        Run r = run(
                "streams",
                "encode",
                in.toString(),
                dir.resolve("no/such/dir/a.znz").toString(),
                dir.resolve("b.bpc").toString());
        assertEquals(1, r.code());
        r.assertOneErrorLine();
        assertFalse(Files.exists(dir.resolve("b.bpc")));
    }

    @Test
    void helpOnEveryCommand() {
        for (String[] args : new String[][] {
            {"--help"},
            {"streams", "--help"},
            {"streams", "encode", "--help"},
            {"streams", "decode", "--help"},
            {"bench", "--help"},
            {"demo", "--help"}
        }) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().startsWith("Usage: ebpc"), r.out());
        }
    }

    @Test
    void subcommandsAreBuiltOnlyWhenNamedOrListed() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"-qh"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            for (String sub : new String[] {"demo", "streams", "bench", "stimuli", "analyze"}) {
                assertTrue(
                        r.out().lines().anyMatch(l -> l.trim().startsWith(sub + " ")),
                        sub + " missing from:\n" + r.out());
            }
        }
        assertTrue(Main.needsSubcommands(new String[] {"-v", "bench"}));
        assertFalse(Main.needsSubcommands(new String[] {"-T2", "-", "a.npy", "--dtype", "int8"}));
        assertFalse(Main.needsSubcommands(new String[] {"--", "bench"})); // a file named bench
    }

    @Test
    void benchMeasuresAndChecksTheRoundTrip() throws IOException {
        Path npy = resource("traces/mobilenetv2-astronaut/011_block_4_depthwise_relu.i8.npy");
        Run r = run("bench", "--seconds", "0.05", "--compare", npy.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().lines().anyMatch(l -> l.contains("block_4_depthwise_relu") && l.contains("150,528 ->")),
                r.out());
        assertTrue(r.out().contains("zstd -1") && r.out().contains("lz4"), r.out());
        // Every line is set against zstd -1 timed in the same rounds; zstd -1 against itself is 1.
        assertTrue(
                r.out().lines().anyMatch(l -> l.strip().startsWith("zstd -1 ") && l.endsWith("1.00x / 1.00x zstd -1")),
                r.out());
        assertTrue(
                r.out()
                        .lines()
                        .filter(l -> l.contains(" MB/s,"))
                        .allMatch(l -> l.matches(".*, +[0-9.]+x / [0-9.]+x zstd -1")),
                r.out());
        Run alone = run("bench", "--seconds", "0.05", npy.toString());
        assertEquals(0, alone.code(), alone.err());
        assertFalse(alone.out().contains("x zstd -1"), alone.out()); // no peer, no ratio

        Run wrongDtype = run("bench", "--width", "16", "--seconds", "0.05", npy.toString());
        assertEquals(1, wrongDtype.code());
        assertTrue(wrongDtype.err().contains("use --width 8"), wrongDtype.err());
    }

    @Test
    void benchCodesEachNpyFileAtItsDtypesWidthUnlessTold() throws IOException {
        // As `ebpc FILE` does: an int8 and a float16 trace in one run, each at its own width.
        Path int8 = resource("traces/mobilenetv2-astronaut/011_block_4_depthwise_relu.i8.npy");
        Path half = resource("traces/mobilenetv2-astronaut/011_block_4_depthwise_relu.f16.npy");
        Run r = run("bench", "--seconds", "0.05", int8.toString(), half.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ebpc bench: W=8 N=8 Z=16 (a .npy file at its dtype's width)"), r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.contains("011_block_4_depthwise_relu.i8.npy :") && l.contains("150,528 ->")),
                r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l ->
                                l.contains("011_block_4_depthwise_relu.f16.npy (W=16) :") && l.contains("301,056 ->")),
                r.out());
    }

    @Test
    void demoRunsOnTheBundledTrace() throws Exception {
        Path trace = Path.of(
                CliTest.class.getResource("/traces/mobilenetv2-astronaut").toURI());
        Run r = run("demo", "--trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("tested and listed: byte-exact"), r.out());
    }
}
