package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ebpc analyze`: the table, CSV and JSON agree with each other and with `ebpc streams`. */
class AnalyzeTest {

    @TempDir
    Path dir;

    Path trace(String name) throws IOException {
        return CliRun.copyResource(dir, "traces/mobilenetv2-astronaut/" + name, name);
    }

    @Test
    void everyContainerKindIsAnalyzedAsItsOriginal() throws IOException {
        // An .npz archive (coded and verbatim entries), a big-endian .npy and a raw file: the
        // container's figures are the original file's, tensor by tensor.
        for (String name : new String[] {"mixed.npz", "int16-big.npy", "float64.npy"}) {
            Path f = CliRun.copyResource(dir, "npy/" + name, name);
            assertEquals(0, CliRun.of(new byte[0], f.toString()).code(), name);
            CliRun plain = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", f.toString());
            CliRun packed = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", f + ".ebpc");
            assertEquals(0, plain.code() + packed.code(), plain.err() + packed.err());
            assertEquals(plain.out().replace(name, "X"), packed.out().replace(name + ".ebpc", "X"), name);
            assertTrue(plain.out().lines().count() >= 3, plain.out());
        }
        Path raw = dir.resolve("words.raw");
        byte[] words = java.util.Arrays.copyOfRange(
                Files.readAllBytes(trace("011_block_4_depthwise_relu.i8.npy")), 128, 128 + 9000);
        Files.write(raw, words);
        assertEquals(0, CliRun.of(new byte[0], raw.toString()).code());
        CliRun plain = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", raw.toString());
        CliRun packed = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", raw + ".ebpc");
        assertEquals(plain.out().replace("words.raw", "X"), packed.out().replace("words.raw.ebpc", "X"));
    }

    @Test
    void csvJsonAndStreamsAgree() throws IOException {
        Path npy = trace("011_block_4_depthwise_relu.i8.npy");
        CliRun csv = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", npy.toString());
        CliRun json = CliRun.of(new byte[0], "analyze", "--json", "--no-general", npy.toString());
        assertEquals(0, csv.code() + json.code(), csv.err() + json.err());

        // The streams of the same words, through `ebpc streams`.
        byte[] all = Files.readAllBytes(npy);
        Path raw = dir.resolve("data.raw");
        Files.write(raw, java.util.Arrays.copyOfRange(all, 128, all.length));
        CliRun s = CliRun.of(
                new byte[0],
                "streams",
                "encode",
                "-v",
                raw.toString(),
                dir.resolve("z").toString(),
                dir.resolve("b").toString());
        Matcher m = Pattern.compile("ZNZ (\\d+) bits, BPC (\\d+) bits").matcher(s.err());
        assertTrue(m.find(), s.err());
        long znz = Long.parseLong(m.group(1));
        long bpc = Long.parseLong(m.group(2));

        List<String> lines = csv.out().lines().toList();
        List<String> head = List.of(lines.get(0).split(","));
        String[] row = lines.get(1).split(",");
        assertEquals("011_block_4_depthwise_relu.i8.npy", row[0]);
        assertEquals(znz, Long.parseLong(row[head.indexOf("znz_bits")]));
        assertEquals(bpc, Long.parseLong(row[head.indexOf("bpc_bits")]));
        assertEquals("150528", row[head.indexOf("words")]);
        assertTrue(lines.get(2).startsWith("TOTAL,"), lines.get(2));

        String j = json.out();
        assertTrue(j.contains("\"znz_bits\": " + znz) && j.contains("\"bpc_bits\": " + bpc), j);
        assertTrue(j.contains("\"tensors\": [") && j.contains("\"total\": {\"name\": \"TOTAL\""), j);
        double ratio = Double.parseDouble(row[head.indexOf("ratio")]);
        assertTrue(j.contains("\"ratio\": " + row[head.indexOf("ratio")]), "JSON ratio equals CSV ratio " + ratio);
        long padded = 8L * (Files.size(dir.resolve("z")) + Files.size(dir.resolve("b")));
        assertEquals(150528.0 * 8 / padded, ratio, 1e-4, "ratio = raw bits / both padded streams");

        CliRun table = CliRun.of(new byte[0], "analyze", "--no-general", npy.toString());
        assertTrue(
                table.out().contains(String.format("%,d", znz)) && table.out().contains(String.format("%,d", bpc)),
                table.out());
        assertTrue(table.out().contains("bandwidth saved"), table.out());
    }

    @Test
    void layoutBothCodesTheTwoOrdersSideBySide() throws IOException {
        Path npy = trace("011_block_4_depthwise_relu.i8.npy");
        CliRun r = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", "--layout", "both", npy.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        List<String> head = List.of(lines.get(0).split(","));
        String[] nchw = lines.get(1).split(",");
        String[] nhwc = lines.get(2).split(",");
        assertEquals("NCHW", nchw[head.indexOf("layout")]);
        assertEquals("NHWC", nhwc[head.indexOf("layout")]);
        assertEquals(nchw[head.indexOf("sparsity")], nhwc[head.indexOf("sparsity")], "the same words");
        double a = Double.parseDouble(nchw[head.indexOf("ratio")]);
        double b = Double.parseDouble(nhwc[head.indexOf("ratio")]);
        assertTrue(a > b * 1.1, "channels-first codes better: " + a + " vs " + b);
        CliRun json = CliRun.of(new byte[0], "analyze", "--json", "--no-general", "--layout", "nhwc", npy.toString());
        assertTrue(json.out().contains("\"layout\": \"NHWC\""), json.out());
    }

    @Test
    void npzAndSafetensorsGiveOneRowPerTensor() throws IOException {
        byte[] a = Files.readAllBytes(trace("011_block_4_depthwise_relu.i8.npy"));
        byte[] b = Files.readAllBytes(trace("012_block_4_add.i8.npy"));
        Path npz = dir.resolve("acts.npz");
        Archives.npz(npz, "dw.npy", a, "add.npy", b);
        CliRun r = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", npz.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("acts.npz/dw,int8,NCHW,8,8,16,150528,")
                        && r.out().contains("acts.npz/add,int8,NCHW,8,8,16,25088,"),
                r.out());

        // safetensors: an int8 and a float16 tensor.
        byte[] i8 = java.util.Arrays.copyOfRange(a, 128, a.length);
        byte[] f16 =
                java.util.Arrays.copyOfRange(Files.readAllBytes(trace("007_block_2_add.f16.npy")), 128, 128 + 2 * 1000);
        var st = new java.io.ByteArrayOutputStream();
        st.write(Archives.safetensors(i8, "1, 192, 28, 28", f16));
        Path sf = dir.resolve("model.safetensors");
        Files.write(sf, st.toByteArray());
        CliRun s = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", sf.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("model.safetensors/act,int8,NCHW,8,8,16,150528,"), s.out());
        assertTrue(s.out().contains("model.safetensors/grad,float16,NCHW,16,8,16,1000,"), s.out());
        assertTrue(
                s.out().lines().anyMatch(l -> l.startsWith("TOTAL,float16,NCHW,16,")),
                "a total per word width: " + s.out());

        byte[] lying = st.toByteArray();
        lying[5] = (byte) 0x7F; // header length far past the end
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, lying);
        CliRun e = CliRun.of(new byte[0], "analyze", "--no-general", bad.toString());
        assertEquals(1, e.code());
        assertTrue(e.err().startsWith("ebpc: ") && e.err().contains("header length"), e.err());
    }

    @Test
    void sweepsAndBadFlags() throws IOException {
        Path npy = trace("012_block_4_add.i8.npy");
        CliRun r = CliRun.of(
                new byte[0],
                "analyze",
                "--csv",
                "--no-general",
                "--block",
                "8",
                "--max-zero-run",
                "8,16,32",
                npy.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1 + 3 + 3, r.out().lines().count(), r.out());
        for (String[] bad : new String[][] {
            {"analyze", "--clock", "fast", npy.toString()},
            {"analyze", "--max-zero-run", "12", npy.toString()},
            {"analyze", "--csv", "--json", npy.toString()},
            {"analyze", "--layout", "hwcn", npy.toString()}
        }) {
            CliRun b = CliRun.of(new byte[0], bad);
            assertEquals(2, b.code(), String.join(" ", bad) + b.err());
        }
    }
}
