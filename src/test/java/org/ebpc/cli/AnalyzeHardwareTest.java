package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ebpc analyze --json` gives the RTL's cycle counts of every shared conformance case (encoder,
 * and decoder at every parameter set), from the raw input files, one run per parameter set.
 */
class AnalyzeHardwareTest {
    static final Path RESOURCES = Path.of("src/test/resources");

    @TempDir
    Path dir;

    @Test
    void analyzeJsonGivesEveryConformanceCasesRtlCycles() throws IOException {
        Map<String, String[]> expected = new HashMap<>(); // name -> W, N, Z, encoder, decoder
        for (String tsv : List.of("conformance/rtl_cycles.tsv", "hw/rtl_conformance_decoder.tsv")) {
            for (String line : Files.readAllLines(RESOURCES.resolve(tsv))) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f[0].equals("name") || f[4].equals("0")) {
                    continue;
                }
                String[] known = expected.get(f[0]);
                String decoder = known != null && f[6].equals("-") ? known[4] : f[6];
                expected.put(f[0], new String[] {f[1], f[2], f[3], f[5], decoder});
            }
        }
        Map<String, Path> folders = new HashMap<>();
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            String[] v = e.getValue();
            Path folder = folders.computeIfAbsent(
                    v[0] + " " + v[1] + " " + v[2], k -> dir.resolve("w" + k.replace(' ', '_')));
            Files.createDirectories(folder);
            Files.copy(RESOURCES.resolve("conformance/" + e.getKey() + ".in"), folder.resolve(e.getKey()));
        }
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (Map.Entry<String, Path> set : folders.entrySet()) {
            String[] wnz = set.getKey().split(" ");
            CliRun r = CliRun.of(
                    new byte[0],
                    "analyze",
                    "--json",
                    "--no-general",
                    "--dtype",
                    "int" + wnz[0],
                    "--block",
                    wnz[1],
                    "--max-zero-run",
                    wnz[2],
                    set.getValue().toString());
            assertEquals(0, r.code(), r.err());
            for (JsonNode t : json.readTree(r.out()).get("tensors")) {
                String[] v = expected.get(t.get("name").asText());
                assertEquals(v[3], text(t.get("hw_encoder_cycles")), "encoder cycles of " + t.get("name"));
                assertEquals(v[4], text(t.get("hw_decoder_cycles")), "decoder cycles of " + t.get("name"));
                if (!v[3].equals("-")) {
                    assertEquals(
                            Long.parseLong(v[3]),
                            t.get("hw_encoder_stalls").get("bpc").asLong()
                                    + t.get("hw_encoder_stalls").get("znz").asLong()
                                    + t.get("hw_encoder_stalls").get("fsm").asLong()
                                    + t.get("hw_encoder_stalls").get("drain").asLong()
                                    + t.get("words").asLong(),
                            "stalls add up for " + t.get("name"));
                }
                checked++;
            }
        }
        assertEquals(expected.size(), checked);
        assertTrue(checked >= 120, "cases checked: " + checked);
    }

    private static String text(JsonNode n) {
        return n.isNull() ? "-" : Long.toString(n.asLong());
    }

    @Test
    void parameterSetsWithoutHardwareGetAWarningAndNoFigures() throws IOException {
        Path raw = dir.resolve("w.raw");
        Files.write(raw, new byte[] {1, 2, 0, 0, 3, 4, 5, 0, 0, 0, 9});
        CliRun r =
                CliRun.of(new byte[0], "analyze", "--json", "--no-general", "--max-zero-run", "16,128", raw.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(
                1,
                r.err()
                        .lines()
                        .filter(l -> l.contains("no hardware counterpart"))
                        .count(),
                r.err());
        JsonNode tensors = new ObjectMapper().readTree(r.out()).get("tensors");
        assertTrue(tensors.get(0).get("hw_encoder_cycles").isNumber()
                && tensors.get(0).get("hw_note").isNull());
        assertTrue(tensors.get(1).get("hw_encoder_cycles").isNull()
                && tensors.get(1).get("hw_decoder_cycles").isNull());
        assertTrue(
                tensors.get(1).get("hw_note").asText().contains("Z>=128"),
                tensors.get(1).toString());
        CliRun table = CliRun.of(new byte[0], "analyze", "--no-general", "--max-zero-run", "128", raw.toString());
        assertTrue(table.out().contains("hardware model: none (no hardware counterpart"), table.out());
    }
}
