package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ebpc analyze --group-by` and `--as`: groups against the per-tensor figures of the same run. */
class AnalyzeGroupsTest {

    @TempDir
    Path dir;

    private static final String[] LAYERS = {
        "001_Conv1_relu.i8.npy", "011_block_4_depthwise_relu.i8.npy", "007_block_2_add.i8.npy"
    };

    /** Two "images": the bundled tensors and, in a second folder, the same layers of the gradient trace's sizes altered. */
    private List<String> twoImages() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String image : new String[] {"a", "b"}) {
            Files.createDirectories(dir.resolve(image));
            for (String layer : LAYERS) {
                Path f = CliRun.copyResource(dir.resolve(image), "traces/mobilenetv2-astronaut/" + layer, layer);
                if (image.equals("b")) { // another frame: every fifth word zeroed
                    byte[] all = Files.readAllBytes(f);
                    for (int i = 128; i < all.length; i += 5) {
                        all[i] = 0;
                    }
                    Files.write(f, all);
                }
            }
            paths.add(dir.resolve(image).toString());
        }
        return paths;
    }

    private static JsonNode json(String... args) throws IOException {
        CliRun r = CliRun.of(new byte[0], args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void layerGroupsAreTheStatisticsOfTheirTensors() throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", "--json", "--no-general", "--group-by", "layer"));
        args.addAll(twoImages());
        JsonNode root = json(args.toArray(String[]::new));
        Map<String, List<JsonNode>> byLayer = new LinkedHashMap<>();
        for (JsonNode t : root.get("tensors")) {
            byLayer.computeIfAbsent(t.get("name").asText(), k -> new ArrayList<>())
                    .add(t);
        }
        assertEquals("layer", root.get("group_by").asText());
        JsonNode groups = root.get("groups");
        assertEquals(LAYERS.length, groups.size());
        for (JsonNode g : groups) {
            List<JsonNode> ts = byLayer.get(g.get("layer").asText());
            assertEquals(2, ts.size(), g.toString());
            assertEquals(2, g.get("tensors").asInt());
            double a = ts.get(0).get("ratio").asDouble();
            double b = ts.get(1).get("ratio").asDouble();
            assertTrue(a != b, "the two frames differ");
            assertEquals((a + b) / 2, g.get("ratio_mean").asDouble(), 1e-5);
            assertEquals(Math.abs(a - b) / 2, g.get("ratio_std").asDouble(), 1e-5); // population std of two values
            assertEquals(Math.min(a, b), g.get("ratio_min").asDouble(), 1e-5);
            assertEquals(Math.max(a, b), g.get("ratio_max").asDouble(), 1e-5);
            assertEquals(
                    (ts.get(0).get("sparsity").asDouble()
                                    + ts.get(1).get("sparsity").asDouble())
                            / 2,
                    g.get("sparsity_mean").asDouble(),
                    1e-5);
            long words =
                    ts.get(0).get("words").asLong() + ts.get(1).get("words").asLong();
            assertEquals(words, g.get("total").get("words").asLong());
            assertEquals(
                    ts.get(0).get("bits").get("ebpc").asLong()
                            + ts.get(1).get("bits").get("ebpc").asLong(),
                    g.get("total").get("bits").get("ebpc").asLong());
        }
    }

    @Test
    void csvAndTableCarryTheSameGroups() throws IOException {
        List<String> paths = twoImages();
        List<String> csvArgs = new ArrayList<>(List.of("analyze", "--csv", "--no-general", "--group-by", "layer"));
        csvArgs.addAll(paths);
        CliRun csv = CliRun.of(new byte[0], csvArgs.toArray(String[]::new));
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        List<String> head = List.of(lines.get(0).split(","));
        assertTrue(lines.get(0).startsWith(AnalyzeGroups.CSV_HEADER), lines.get(0));
        assertEquals(1 + LAYERS.length, lines.size());
        List<String> tableArgs = new ArrayList<>(List.of("analyze", "--no-general", "--group-by", "layer"));
        tableArgs.addAll(paths);
        CliRun table = CliRun.of(new byte[0], tableArgs.toArray(String[]::new));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String layer = f[head.indexOf("group")];
            assertEquals("2", f[head.indexOf("tensors")]);
            String mean =
                    String.format(java.util.Locale.ROOT, "%.3fx", Double.parseDouble(f[head.indexOf("ratio_mean")]));
            assertTrue(
                    table.out().lines().anyMatch(l -> l.startsWith(layer + " ") && l.contains(mean)),
                    layer + " " + mean + "\n" + table.out());
        }
        assertTrue(table.out().contains("spread: std of the ratio within a group"), table.out());
    }

    @Test
    void kindsFollowTheTraceNames() throws IOException {
        Path grads = dir.resolve("grads");
        Files.createDirectories(grads);
        for (String f : new String[] {
            "007_block_2_add_gout.i8.npy",
            "009_block_3_depthwise_relu_gin.i8.npy",
            "009_block_3_depthwise_relu_gout.i8.npy",
            "018_block_7_expand_relu_gin.i8.npy"
        }) {
            CliRun.copyResource(grads, "traces/mobilenetv2-grad-astronaut/" + f, f);
        }
        Path act = CliRun.copyResource(dir, "traces/mobilenetv2-astronaut/" + LAYERS[0], LAYERS[0]);
        JsonNode root =
                json("analyze", "--json", "--no-general", "--group-by", "kind", grads.toString(), act.toString());
        Map<String, Integer> kinds = new LinkedHashMap<>();
        root.get("groups")
                .forEach(
                        g -> kinds.put(g.get("layer").asText(), g.get("tensors").asInt()));
        assertEquals(
                Map.of(
                        "gradient, residual sum",
                        1,
                        "gradient, ReLU input",
                        2,
                        "gradient, ReLU output",
                        1,
                        "activation",
                        1),
                kinds);
    }

    @Test
    void asConvertsEachTensorToEveryFormat() throws IOException {
        Path f16 = CliRun.copyResource(
                dir, "traces/mobilenetv2-astronaut/001_Conv1_relu.f16.npy", "001_Conv1_relu.f16.npy");
        JsonNode root =
                json("analyze", "--json", "--no-general", "--as", "int8,fixed16,f16,bf16,float32", f16.toString());
        List<String> formats = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        root.get("tensors").forEach(t -> {
            formats.add(t.get("format").asText());
            widths.add(t.get("word_width").asInt());
        });
        assertEquals(List.of("int8", "int16", "float16", "bfloat16", "float32"), formats);
        assertEquals(List.of(8, 16, 16, 16, 32), widths);
        assertEquals(5, root.get("totals").size(), "a total per format, though three share W = 16");
        JsonNode stored = json("analyze", "--json", "--no-general", f16.toString())
                .get("tensors")
                .get(0);
        assertEquals(
                stored.get("bits").get("ebpc").asLong(),
                root.get("tensors").get(2).get("bits").get("ebpc").asLong(),
                "float16 as float16 is itself");
        // The int8 of a float file is the paper's quantization, as `ebpc --quantize fixed8` stores it.
        byte[] floats = org.ebpc.io.TensorFiles.read(f16).get(0).data();
        Path q = dir.resolve("q.raw");
        Files.write(
                q,
                org.ebpc.format.Quantizer.quantize(floats, org.ebpc.io.Npy.Dtype.FLOAT16, org.ebpc.io.Npy.Dtype.INT8)
                        .words());
        JsonNode quantized = json("analyze", "--json", "--no-general", "--dtype", "int8", q.toString())
                .get("tensors")
                .get(0);
        assertEquals(
                quantized.get("bits").get("ebpc").asLong(),
                root.get("tensors").get(0).get("bits").get("ebpc").asLong());
        assertEquals(
                quantized.get("sparsity").asDouble(),
                root.get("tensors").get(0).get("sparsity").asDouble(),
                0);
    }

    @Test
    void badValuesGetOneLine() {
        for (String[] args : new String[][] {{"--group-by", "image"}, {"--as", "int4"}, {"--as", "uint8"}}) {
            List<String> a = new ArrayList<>(List.of("analyze", "--no-general"));
            a.addAll(List.of(args));
            a.add("nothing.npy");
            CliRun r = CliRun.of(new byte[0], a.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
