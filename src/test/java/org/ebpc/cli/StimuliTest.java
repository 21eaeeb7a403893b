package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ebpc stimuli` on FORMAT.md's worked example: the testbench files, line by line. */
class StimuliTest {

    @TempDir
    Path dir;

    static final byte[] EXAMPLE = {
        0, 0, 0, 5, 7, 7, 0, 6, 4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, -3
    };

    @Test
    void writesTheSevenTestbenchFiles() throws IOException {
        Path in = dir.resolve("example.raw");
        Files.write(in, EXAMPLE);
        String prefix = dir.resolve("ex").toString();
        CliRun r = CliRun.of(new byte[0], "stimuli", "--out", prefix, in.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err() + r.out(), "success prints nothing");

        List<String> input = lines(prefix + "_input.stim");
        assertEquals(33, input.size());
        assertEquals("00000101 0", input.get(3));
        assertEquals("11111101 1", input.get(32), "-3, the last word, flagged");
        assertEquals(input, lines(prefix + "_data_output.expresp"));

        // ZNZ bytes 17 07 BC 78, BPC 05 92 CA C1 1E 2F F4 61 09 80 (FORMAT.md).
        assertEquals(List.of("00010111 0", "00000111 0", "10111100 0", "01111000 1"), lines(prefix + "_znz.expresp"));
        List<String> bpc = lines(prefix + "_bpc.expresp");
        assertEquals(10, bpc.size());
        assertEquals("00000101 0", bpc.get(0));
        assertEquals("10000000 1", bpc.get(9));
        assertEquals(lines(prefix + "_znz.expresp"), lines(prefix + "_znz_input.stim"));
        assertEquals(bpc, lines(prefix + "_bpc_input.stim"));
        assertEquals(
                "000000000000000000100000",
                Files.readString(Path.of(prefix + "_num_words_input.stim")),
                "n-1 = 32 in 24 bits");

        String raw = Files.readString(Path.of(prefix + "_input.stim"));
        assertTrue(
                !raw.endsWith("\n") && raw.split("\n", -1).length == 33, "newline-separated, none after the last line");
    }

    @Test
    void refusesWhatTheHardwareCannotTake() throws IOException {
        Path empty = dir.resolve("empty.raw");
        Files.write(empty, new byte[0]);
        CliRun r = CliRun.of(new byte[0], "stimuli", "--out", dir.resolve("e").toString(), empty.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("ebpc: ") && r.err().contains("at least 1"), r.err());

        Path big = dir.resolve("big.raw");
        Files.write(big, new byte[(1 << 24) + 1]);
        CliRun b = CliRun.of(new byte[0], "stimuli", "--out", dir.resolve("b").toString(), big.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().contains("split the input"), b.err());
        assertEquals(
                List.of("big.raw", "empty.raw"),
                Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
    }

    static List<String> lines(String file) throws IOException {
        return Files.readString(Path.of(file)).lines().toList();
    }
}
