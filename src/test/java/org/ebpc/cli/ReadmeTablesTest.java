package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's gradient, number-format and variance tables against `analyze --json` of the
 * commands printed beside them (on ../shared/traces; skipped without it, required under CI).
 * The general compressors' column (zstd -1) is left out: --no-general keeps this test short.
 */
class ReadmeTablesTest {

    static final Path TRACES = Path.of("../shared/traces");
    private List<String> readme;

    @BeforeEach
    void needTraces() throws IOException {
        if (!Files.isDirectory(TRACES.resolve("MobileNetV2-grad"))) {
            assertTrue(System.getenv("CI") == null, "CI has ../shared beside the clone");
            Assumptions.abort("no ../shared/traces here");
        }
        readme = Files.readAllLines(Path.of("README.md"));
    }

    /** The rows of the README table whose header starts with {@code header}, cells trimmed, bold marks removed. */
    private List<String[]> table(String header) {
        int at = -1;
        for (int i = 0; i < readme.size(); i++) {
            if (readme.get(i).startsWith(header)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "README has a table headed " + header);
        List<String[]> rows = new ArrayList<>();
        for (int i = at + 2; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            String[] cells = readme.get(i).replace("**", "").split("\\|", -1);
            String[] row = new String[cells.length - 2];
            for (int c = 1; c < cells.length - 1; c++) {
                row[c - 1] = cells[c].strip();
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    /** The groups of `analyze --json --no-general` with these options, by "key format". */
    private static Map<String, JsonNode> groups(List<String> options, List<String> files) throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", "--json", "--no-general"));
        args.addAll(options);
        args.addAll(files);
        CliRun r = CliRun.of(new byte[0], args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> out = new HashMap<>();
        new ObjectMapper()
                .readTree(r.out())
                .get("groups")
                .forEach(g ->
                        out.put(g.get("layer").asText() + " " + g.get("format").asText(), g));
        return out;
    }

    private static void near(String readmeValue, double actual, String what) {
        String v = readmeValue.replace("%", "");
        double scale = readmeValue.endsWith("%") ? 100 : 1;
        double tolerance = readmeValue.endsWith("%") ? 0.05 : 0.0005;
        assertEquals(Double.parseDouble(v), actual * scale, tolerance + 1e-9, what);
    }

    private static String kind(String label) {
        if (label.startsWith("activations")) {
            return "activation";
        }
        return label.replaceAll(", \\d+$", "").replace("gradient at ", "gradient, ");
    }

    @Test
    void gradientTable() throws IOException {
        List<String[]> rows = table("| image | tensors | zeros, float |");
        for (String image : new String[] {"astronaut", "coffee"}) {
            List<String> files =
                    new ArrayList<>(files(TRACES.resolve("MobileNetV2").resolve(image), ".i8.npy"));
            files.addAll(files(TRACES.resolve("MobileNetV2-grad").resolve(image), ".i8.npy"));
            Map<String, JsonNode> g = groups(List.of("--group-by", "kind"), files);
            int checked = 0;
            for (String[] row : rows) {
                if (!row[0].equals(image)) {
                    continue;
                }
                JsonNode group = g.get(kind(row[1]) + " int8");
                assertTrue(group != null, image + " " + row[1] + " in " + g.keySet());
                assertEquals(
                        row[1].replaceAll(".*?(\\d+)$", "$1"),
                        group.get("tensors").asText(),
                        row[1]);
                JsonNode total = group.get("total");
                near(row[3], total.get("sparsity").asDouble(), image + " " + row[1] + " zeros");
                near(row[4], total.get("ratios").get("ebpc").asDouble(), image + " " + row[1] + " EBPC");
                near(row[5], total.get("ratios").get("zvc").asDouble(), image + " " + row[1] + " ZVC");
                near(row[6], total.get("ratios").get("rle").asDouble(), image + " " + row[1] + " RLE");
                near(row[8], total.get("ratios").get("entropy").asDouble(), image + " " + row[1] + " entropy");
                checked++;
            }
            assertEquals(image.equals("astronaut") ? 4 : 3, checked, image);
        }
    }

    @Test
    void formatTable() throws IOException {
        List<String> files = new ArrayList<>(files(TRACES.resolve("MobileNetV2/astronaut"), ".f16.npy"));
        files.addAll(files(TRACES.resolve("MobileNetV2-grad/astronaut"), ".f16.npy"));
        Map<String, JsonNode> g =
                groups(List.of("--as", "int8,int16,float16,bfloat16,float32", "--group-by", "kind"), files);
        String label = null;
        List<String[]> rows = table("| tensors (astronaut) | format |");
        for (String[] row : rows) {
            label = row[0].isEmpty() ? label : row[0];
            String format = row[1].replace(" (from float16)", "");
            JsonNode total = g.get(kind(label) + " " + format).get("total");
            near(row[2], total.get("sparsity").asDouble(), label + " " + format + " zeros");
            near(row[3], total.get("ratios").get("ebpc").asDouble(), label + " " + format + " EBPC");
            near(row[4], total.get("ratios").get("zvc").asDouble(), label + " " + format + " ZVC");
            near(row[5], total.get("ratios").get("rle").asDouble(), label + " " + format + " RLE");
            near(row[7], total.get("ratios").get("entropy").asDouble(), label + " " + format + " entropy");
        }
        assertEquals(10, rows.size());
    }

    @Test
    void varianceTable() throws IOException {
        List<String> files = new ArrayList<>();
        for (String image : new String[] {"astronaut", "coffee", "chelsea", "rocket"}) {
            files.addAll(files(TRACES.resolve("MobileNetV2").resolve(image), ".i8.npy"));
        }
        Map<String, JsonNode> g = groups(List.of("--group-by", "layer"), files);
        List<String[]> rows = table("| layer | zeros (mean) |");
        for (String[] row : rows) {
            String layer = row[0].replace(" (residual)", "") + ".i8.npy";
            JsonNode group = g.get(layer + " int8");
            assertEquals(4, group.get("tensors").asInt(), layer);
            near(row[1], group.get("sparsity_mean").asDouble(), layer + " zeros");
            near(row[2], group.get("ratio_mean").asDouble(), layer + " mean");
            near(row[3], group.get("ratio_std").asDouble(), layer + " std");
            near(row[4], group.get("ratio_min").asDouble(), layer + " min");
            near(row[5], group.get("ratio_max").asDouble(), layer + " max");
        }
        assertTrue(rows.size() >= 8, "the table has its rows");
    }
}
