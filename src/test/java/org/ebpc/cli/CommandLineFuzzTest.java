package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fuzz target (Jazzer) for the command line's argument handling; see org.ebpc.fuzz.ContainerFuzzTest. */
class CommandLineFuzzTest {

    private static final Path SCRATCH;

    static {
        try {
            SCRATCH = Files.createTempDirectory("ebpc-fuzz-cli");
            SCRATCH.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String[] TOKENS = {
        "-c",
        "-d",
        "-t",
        "-l",
        "-k",
        "-f",
        "-v",
        "-q",
        "-r",
        "--rm",
        "-o",
        "-T",
        "0",
        "2",
        "--dtype",
        "int8",
        "float16",
        "int32",
        "uint8",
        "bogus",
        "--chunk-words",
        "1024",
        "0",
        "-5",
        "--layout",
        "nhwc",
        "nchw",
        "--quantize",
        "fixed8",
        "fixed16",
        "--block",
        "16",
        "8",
        "--max-zero-run",
        "8",
        "3",
        "--kernel",
        "scalar",
        "vector",
        "--as-folder",
        "--no-progress",
        "--",
        "-",
        "streams",
        "encode",
        "decode",
        "analyze",
        "--json",
        "--csv",
        "--as",
        "bf16",
        "--group-by",
        "layer",
        "kind",
        "stimuli",
        "--out",
        "-x",
        "--nope"
    }; // not bench or demo: seconds each by design

    /**
     * Any command line of the real flags and files (every path inside a scratch folder): an exit
     * code of 0, 1 or 2 and no stack trace or internal error on stderr.
     */
    @FuzzTest(maxDuration = "2h")
    void commandLinesFailCleanly(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory(SCRATCH, "run");
        Path raw = dir.resolve("a.raw");
        Files.write(raw, data.consumeBytes(data.consumeInt(0, 600)));
        Path npy = dir.resolve("b.npy");
        Files.write(npy, data.consumeBytes(data.consumeInt(0, 600)));
        String[] files = {
            raw.toString(), npy.toString(), raw + ".ebpc", dir.resolve("out").toString(), dir.toString()
        };
        int n = data.consumeInt(0, 8);
        String[] args = new String[n];
        for (int i = 0; i < n; i++) {
            args[i] = data.consumeBoolean()
                    ? files[data.consumeInt(0, files.length - 1)]
                    : TOKENS[data.consumeInt(0, TOKENS.length - 1)];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (java.io.PrintStream o = new java.io.PrintStream(out);
                java.io.PrintStream e = new java.io.PrintStream(err)) {
            code = Main.run(args, new Main.Io(new ByteArrayInputStream(data.consumeRemainingAsBytes()), o, e));
        } finally {
            deleteTree(dir);
        }
        String log = err.toString();
        assertTrue(code >= 0 && code <= 2, "exit " + code + " for " + String.join(" ", args) + ": " + log);
        assertTrue(!log.contains("internal error") && !log.contains("\tat "), String.join(" ", args) + ": " + log);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
