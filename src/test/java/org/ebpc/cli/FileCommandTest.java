package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zstd-like file commands and the .ebpc container, as a user types them (in-process). */
class FileCommandTest {

    @TempDir
    Path dir;

    record Run(int code, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    static Run run(byte[] stdin, String... args) {
        CliRun r = CliRun.of(stdin, args);
        return new Run(r.code(), r.stdout(), r.err());
    }

    static Run run(String... args) {
        return run(new byte[0], args);
    }

    Path trace(String name) throws IOException {
        return CliRun.copyResource(dir, "traces/mobilenetv2-astronaut/" + name, name);
    }

    List<String> files() throws IOException {
        return CliRun.files(dir);
    }

    @Test
    void npyRoundTripIsByteExactInManyChunksAndAnyThreadCount() throws IOException {
        Path npy = trace("001_Conv1_relu.i8.npy");
        byte[] original = Files.readAllBytes(npy);
        Run one = run(
                "--chunk-words", "10000", "-T1", "-o", dir.resolve("t1.ebpc").toString(), npy.toString());
        Run two = run(
                "--chunk-words", "10000", "-T2", "-o", dir.resolve("t2.ebpc").toString(), npy.toString());
        Run all = run(
                "--chunk-words", "10000", "-T0", "-o", dir.resolve("t0.ebpc").toString(), npy.toString());
        assertEquals(0, one.code() + two.code() + all.code(), one.err() + two.err() + all.err());
        assertEquals("", one.err() + one.outText(), "success prints nothing");
        byte[] c1 = Files.readAllBytes(dir.resolve("t1.ebpc"));
        assertArrayEquals(c1, Files.readAllBytes(dir.resolve("t2.ebpc")), "output independent of -T");
        assertArrayEquals(c1, Files.readAllBytes(dir.resolve("t0.ebpc")));
        assertTrue(c1.length < original.length * 0.6, "compresses: " + c1.length);

        Files.delete(npy);
        Run back = run("-d", "-T2", dir.resolve("t1.ebpc").toString(), "-o", npy.toString());
        assertEquals(0, back.code(), back.err());
        assertArrayEquals(original, Files.readAllBytes(npy));
    }

    @Test
    void rawWordsOfEveryWidth() throws IOException {
        Random r = new Random(7);
        for (String dtype : new String[] {"int8", "uint8", "float16", "bfloat16", "int16", "float32", "int32"}) {
            int width = dtype.endsWith("8") ? 1 : dtype.endsWith("16") ? 2 : 4;
            byte[] raw = new byte[width * 3001];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = r.nextInt(3) == 0 ? 0 : (byte) r.nextInt();
            }
            Path in = dir.resolve(dtype + ".raw");
            Files.write(in, raw);
            Run c = run("--dtype", dtype, "--chunk-words", "500", in.toString());
            assertEquals(0, c.code(), dtype + ": " + c.err());
            Files.delete(in);
            Run d = run("-d", in + ".ebpc");
            assertEquals(0, d.code(), dtype + ": " + d.err());
            assertArrayEquals(raw, Files.readAllBytes(in), dtype);
            Run l = run("-l", in + ".ebpc");
            assertTrue(l.outText().contains(dtype) && l.outText().contains("3,001"), l.outText());
        }
    }

    @Test
    void stdinToStdoutAndBack() throws IOException {
        byte[] original = Files.readAllBytes(trace("011_block_4_depthwise_relu.i8.npy"));
        Run c = run(original, "-c", "-");
        assertEquals(0, c.code(), c.err());
        Run d = run(c.out(), "-d", "-c", "-");
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(original, d.out());
        Run t = run(c.out(), "-t", "-");
        assertEquals(0, t.code(), t.err());
    }

    @Test
    void listShowsDtypeShapeWordsZerosRatioChunks() throws IOException {
        Path npy = trace("011_block_4_depthwise_relu.i8.npy");
        byte[] data = Files.readAllBytes(npy);
        long zeros = 0;
        for (int i = 128; i < data.length; i++) {
            zeros += data[i] == 0 ? 1 : 0;
        }
        String expectedZeros = String.format(" %.1f%% ", 100.0 * zeros / 150528);
        assertEquals(0, run("--chunk-words", "65536", npy.toString()).code());
        Run l = run("-l", npy + ".ebpc");
        assertEquals(0, l.code(), l.err());
        String row = l.outText().lines().skip(1).findFirst().orElseThrow();
        assertTrue(
                row.contains("npy") && row.contains("int8") && row.contains("1x192x28x28") && row.contains("150,528"),
                row);
        assertTrue(
                row.contains(expectedZeros) && row.contains(" 3 "), "zeros" + expectedZeros + "and 3 chunks: " + row);
    }

    @Test
    void dtypeTakesInputAsRawWordsWhateverItsFirstBytesSay() throws IOException {
        // Raw words that happen to start like a .npy header (here: a .npy with more after it).
        Path npy = trace("012_block_4_add.i8.npy");
        byte[] raw = java.util.Arrays.copyOf(Files.readAllBytes(npy), (int) Files.size(npy) + 1000);
        Path f = Files.write(dir.resolve("dump.raw"), raw);
        Run refused = run(f.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("bytes after the array data"), refused.err());
        Run forced = run("--dtype", "int8", f.toString());
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(raw, run("-d", "-c", f + ".ebpc").out());
        assertTrue(run("-l", f + ".ebpc").outText().contains(" raw "), "coded as raw words");
    }

    @Test
    void filesEbpcWouldGrowAreStoredRawAndVerboseSaysSo() throws IOException {
        // A text file in a folder of traces (README.md, MANIFEST.tsv): stored raw, so it grows
        // only by the container's fixed overhead, and -v says so.
        Path text = dir.resolve("README.md");
        String words = "Feature maps of pretrained CNNs run on real photographs, for tests and benchmarks.\n";
        Files.writeString(text, words.repeat(200));
        Run r = run("-v", text.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("stored raw (EBPC would grow it)"), r.err());
        long grown = Files.size(Path.of(text + ".ebpc")) - Files.size(text);
        long slices = (Files.size(text) + 16383) / 16384; // the fixed overhead: per file, chunk and slice
        assertEquals(68 + 28 + 8 * slices, grown, "grew by " + grown + " bytes");
        Run back = run("-d", "-c", text + ".ebpc");
        assertArrayEquals(Files.readAllBytes(text), back.out());
        // A file of one slice says so too.
        Path small = Files.writeString(dir.resolve("MANIFEST.tsv"), words.repeat(20));
        Run one = run("-v", small.toString());
        assertTrue(one.err().contains("stored raw (EBPC would grow it)"), one.err());
    }

    @Test
    void listShowsByteSizesAndATotalRowLikeZstd() throws IOException {
        Path a = trace("011_block_4_depthwise_relu.i8.npy");
        Path b = trace("012_block_4_add.i8.npy");
        assertEquals(0, run(a.toString(), b.toString()).code());
        long sizeA = Files.size(Path.of(a + ".ebpc"));
        long sizeB = Files.size(Path.of(b + ".ebpc"));
        Run l = run("-l", a + ".ebpc", b + ".ebpc");
        assertEquals(0, l.code(), l.err());
        List<String> lines = l.outText().lines().toList();
        assertEquals(4, lines.size(), l.outText());
        assertTrue(lines.get(0).contains(" compressed  original  ratio "), lines.get(0));
        assertTrue(lines.get(1).contains(String.format(" %,d   150,656 ", sizeA)), lines.get(1));
        assertTrue(lines.get(2).contains(String.format(" %,d    25,216 ", sizeB)), lines.get(2));
        String total = lines.get(3);
        assertTrue(
                total.startsWith("2 files ")
                        && total.contains(" 175,616 ")
                        && total.contains(
                                String.format(" %,d   175,872  %.3f ", sizeA + sizeB, 175_872.0 / (sizeA + sizeB))),
                total);
        // From stdin the compressed size is what was read.
        Run in = run(Files.readAllBytes(Path.of(a + ".ebpc")), "-l", "-");
        assertTrue(
                in.outText()
                        .lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow()
                        .contains(String.format(" %,d   150,656 ", sizeA)),
                in.outText());
    }

    @Test
    void theDefaultChunkSplitsAMidSizeFileSoThreadsShareIt() throws IOException {
        // 2^22 + 1000 int8 words: two chunks by default (one under the old 2^24 default).
        byte[] words = new byte[(1 << 22) + 1000];
        Random r = new Random(11);
        for (int i = 0; i < words.length; i++) {
            words[i] = r.nextInt(3) == 0 ? 0 : (byte) r.nextInt(40);
        }
        Path raw = dir.resolve("mid.raw");
        Files.write(raw, words);
        Run one = run("--dtype", "int8", "-T1", "-o", dir.resolve("t1.ebpc").toString(), raw.toString());
        Run two = run("--dtype", "int8", "-T2", "-o", dir.resolve("t2.ebpc").toString(), raw.toString());
        assertEquals(0, one.code() + two.code(), one.err() + two.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("t1.ebpc")), Files.readAllBytes(dir.resolve("t2.ebpc")));
        Run l = run("-l", dir.resolve("t2.ebpc").toString());
        String row = l.outText().lines().skip(1).findFirst().orElseThrow();
        assertTrue(row.contains("4,195,304") && row.matches(".* 2 +W=8.*"), "two chunks: " + row);
        Run back = run("-d", "-T2", "-c", dir.resolve("t2.ebpc").toString());
        assertEquals(0, back.code(), back.err());
        assertArrayEquals(words, back.out());
    }

    @Test
    void damagedFilesAreNamedAndNothingIsWritten() throws IOException {
        Path npy = trace("011_block_4_depthwise_relu.i8.npy");
        assertEquals(0, run("--chunk-words", "65536", npy.toString()).code());
        byte[] good = Files.readAllBytes(Path.of(npy + ".ebpc"));
        Files.delete(npy);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Path bad = dir.resolve("bad.npy.ebpc");
        Files.write(bad, flipped);
        Run t = run("-t", bad.toString());
        assertEquals(1, t.code());
        assertTrue(t.err().startsWith("ebpc: " + bad + ": corrupt .ebpc file: chunk "), t.err());
        assertEquals(1, t.err().strip().lines().count(), t.err());

        Path cut = dir.resolve("cut.npy.ebpc");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 30));
        Run d = run("-d", cut.toString());
        assertEquals(1, d.code());
        assertTrue(d.err().contains("corrupt .ebpc file"), d.err());
        assertFalse(files().contains("cut.npy"), "no partial output");
        Path early = dir.resolve("early.npy.ebpc");
        Files.write(early, java.util.Arrays.copyOf(good, 500));
        Run e = run("-t", early.toString());
        assertEquals(
                "ebpc: " + early + ": corrupt .ebpc file: truncated (the file ends inside chunk 0)",
                e.err().strip());
        assertFalse(files().stream().anyMatch(f -> f.endsWith(".tmp")), "no temporary file left: " + files());

        Path notOurs = dir.resolve("text.ebpc");
        Files.writeString(notOurs, "hello, this is not an ebpc file at all");
        Run n = run("-d", notOurs.toString());
        assertEquals(1, n.code());
        assertTrue(n.err().contains("bad magic"), n.err());

        // A lying chunk word count: huge; the reader refuses before allocating.
        byte[] lying = good.clone();
        int firstChunk = indexOf(good, new byte[] {'E', 'B', 'C', 'K'});
        ByteBuffer.wrap(lying, firstChunk + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE);
        Path liar = dir.resolve("liar.npy.ebpc");
        Files.write(liar, lying);
        Run li = run("-t", liar.toString());
        assertEquals(1, li.code());
        assertTrue(li.err().contains("chunk 0: word count"), li.err());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void channelsLastArraysAreCodedChannelsFirstAndGivenBackExactly() throws IOException {
        byte[] nchwFile =
                Files.readAllBytes(trace("011_block_4_depthwise_relu.i8.npy")); // 1x192x28x28, header 128 bytes
        byte[] data = java.util.Arrays.copyOfRange(nchwFile, 128, nchwFile.length);
        org.ebpc.kernel.Words nhwc = org.ebpc.io.Layout.NCHW.convert(
                org.ebpc.kernel.Words.fromLittleEndian(data, 8), new long[] {1, 192, 28, 28}, org.ebpc.io.Layout.NHWC);
        String dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (1, 28, 28, 192), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        byte[] head = ("\u0093NUMPY\u0001\u0000v\u0000" + header).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(head);
        file.write(org.ebpc.kernel.Words.toLittleEndian(nhwc));
        Path tf = dir.resolve("tf.npy");
        Files.write(tf, file.toByteArray());

        assertEquals(
                0, run("-o", dir.resolve("asis.ebpc").toString(), tf.toString()).code());
        Run r = run("--layout", "nhwc", "-o", dir.resolve("nchw.ebpc").toString(), tf.toString());
        assertEquals(0, r.code(), r.err());
        long asIs = Files.size(dir.resolve("asis.ebpc"));
        long reordered = Files.size(dir.resolve("nchw.ebpc"));
        assertTrue(reordered < asIs * 0.9, "channels-first codes better: " + reordered + " vs " + asIs);
        assertTrue(run("-l", dir.resolve("nchw.ebpc").toString()).outText().contains("NHWC->NCHW"));
        Run d = run("-d", "-c", dir.resolve("nchw.ebpc").toString());
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(file.toByteArray(), d.out(), "the NHWC file comes back byte for byte");

        Run flat = run(
                "--layout",
                "nhwc",
                "-o",
                dir.resolve("x.ebpc").toString(),
                trace("046_dense_1.i8.npy").toString());
        assertEquals(1, flat.code());
        assertTrue(flat.err().contains("needs a 4-D array"), flat.err());
    }

    @Test
    void quantizeIsOptInLabelledLossyAndGivesFloatsBack() throws IOException {
        Path f16 = trace("001_Conv1_relu.f16.npy");
        byte[] original = Files.readAllBytes(f16);
        Run c = run("--quantize", "fixed8", "-o", dir.resolve("q.ebpc").toString(), f16.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("quantized to int8 (lossy)"), "said out loud: " + c.err());
        Run l = run("-l", dir.resolve("q.ebpc").toString());
        assertTrue(l.outText().contains("float16->int8 (lossy)"), l.outText());
        Run d = run("-d", "-c", dir.resolve("q.ebpc").toString());
        assertEquals(0, d.code(), d.err());
        byte[] back = d.out();
        assertEquals(original.length, back.length, "same .npy header and shape, float16 again");
        assertArrayEquals(java.util.Arrays.copyOf(original, 128), java.util.Arrays.copyOf(back, 128));
        ByteBuffer a = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(back).order(ByteOrder.LITTLE_ENDIAN);
        double max = 0;
        for (int i = 128; i < original.length; i += 2) {
            max = Math.max(max, Math.abs(Float.float16ToFloat(a.getShort(i))));
        }
        double scale = 0.75 * max / 127;
        for (int i = 128; i < original.length; i += 2) {
            double x = Float.float16ToFloat(a.getShort(i));
            double y = Float.float16ToFloat(b.getShort(i));
            double expected = Math.max(-128, Math.min(127, (long) (x / scale))) * scale; // the paper's quantization
            assertEquals(expected, y, Math.abs(expected) * 1e-3 + 1e-6, "element " + (i - 128) / 2);
        }
        Run ints = run("--quantize", "fixed8", trace("012_block_4_add.i8.npy").toString());
        assertEquals(1, ints.code());
        assertTrue(ints.err().contains("takes float input"), ints.err());
        assertFalse(Files.exists(dir.resolve("012_block_4_add.i8.npy.ebpc")));
        assertEquals(2, run("--quantize", "fixed4", f16.toString()).code());
    }

    @Test
    void npzAndSafetensorsArchivesComeBackByteForByte() throws IOException {
        byte[] dw = Files.readAllBytes(trace("011_block_4_depthwise_relu.i8.npy"));
        byte[] add = Files.readAllBytes(trace("012_block_4_add.i8.npy"));
        Path npz = dir.resolve("acts.npz");
        Archives.npz(npz, "dw.npy", dw, "add.npy", add);
        byte[] f16 =
                java.util.Arrays.copyOfRange(Files.readAllBytes(trace("001_Conv1_relu.f16.npy")), 128, 128 + 20000);
        Path st = dir.resolve("model.safetensors");
        Files.write(st, Archives.safetensors(java.util.Arrays.copyOfRange(dw, 128, dw.length), "1, 192, 28, 28", f16));

        for (Path archive : new Path[] {npz, st}) {
            byte[] original = Files.readAllBytes(archive);
            Run one = run("--chunk-words", "50000", "-T1", "-o", archive + ".t1.ebpc", archive.toString());
            Run two = run("--chunk-words", "50000", "-T2", archive.toString());
            assertEquals(0, one.code() + two.code(), one.err() + two.err());
            byte[] packed = Files.readAllBytes(Path.of(archive + ".ebpc"));
            assertArrayEquals(Files.readAllBytes(Path.of(archive + ".t1.ebpc")), packed, "the same for every -T");
            assertTrue(packed.length < original.length * 0.8, archive + ": the arrays are coded, " + packed.length);
            Run l = run("-l", archive + ".ebpc");
            assertTrue(l.outText().contains("archive") && l.outText().contains("mixed"), l.outText());
            assertEquals(0, run("-t", archive + ".ebpc").code());
            if (archive == npz) {
                Run folder = run("-d", "--as-folder", archive + ".ebpc");
                assertEquals(0, folder.code(), folder.err());
                assertArrayEquals(dw, Files.readAllBytes(dir.resolve("acts/dw.npy")));
                assertArrayEquals(add, Files.readAllBytes(dir.resolve("acts/add.npy")));
                // Created with the user's umask, as a folder made here now is (not 0700).
                Path usual = Files.createDirectory(dir.resolve("usual"));
                assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(dir.resolve("acts")));
                assertEquals(1, run("-d", "--as-folder", archive + ".ebpc").code(), "an existing folder is kept");
            }
            Files.delete(archive);
            Run d = run("-d", archive + ".ebpc");
            assertEquals(0, d.code(), d.err());
            assertArrayEquals(original, Files.readAllBytes(archive), archive + " rebuilt byte for byte");

            byte[] cut = java.util.Arrays.copyOf(packed, packed.length / 2);
            Path bad = dir.resolve("cut.ebpc");
            Files.write(bad, cut);
            Run t = run("-t", bad.toString());
            assertEquals(1, t.code());
            assertTrue(t.err().contains("corrupt .ebpc file"), t.err());
        }
    }

    @Test
    void oneBadFileDoesNotStopTheOthers() throws IOException {
        Path a = trace("012_block_4_add.i8.npy");
        Path missing = dir.resolve("missing.npy");
        Path b = trace("020_block_7_add.i8.npy");
        Run r = run(a.toString(), missing.toString(), b.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("missing.npy: no such file"), r.err());
        assertTrue(Files.exists(Path.of(a + ".ebpc")) && Files.exists(Path.of(b + ".ebpc")));
    }

    @Test
    void aReadOnlyTargetFolderGetsOneLineAndNothingChanges() throws Exception {
        Path npy = trace("012_block_4_add.i8.npy");
        byte[] original = Files.readAllBytes(npy);
        assertEquals(0, run(npy.toString()).code()); // npy.ebpc, outside the folder
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        Path inside = Files.copy(npy, ro.resolve("inside.npy"));
        try (ReadOnlyFolder guard = ReadOnlyFolder.of(ro)) {
            for (String[] args : new String[][] {
                {"-o", ro.resolve("out.ebpc").toString(), npy.toString()}, // compress into it
                {"-d", "-o", ro.resolve("back.npy").toString(), npy + ".ebpc"}, // decompress into it
                {inside.toString()}, // next to a source in it
                {"--rm", inside.toString()}
            }) { // and the source must stay
                Run r = run(args);
                assertEquals(1, r.code(), String.join(" ", args));
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().contains("cannot write to folder " + ro.toAbsolutePath() + " ("), r.err());
                assertEquals(List.of("inside.npy"), CliRun.files(ro), "nothing written, nothing removed");
            }
        }
        assertArrayEquals(original, Files.readAllBytes(npy));
        assertArrayEquals(original, Files.readAllBytes(inside));
    }

    @Test
    void existingOutputsAndSourcesAreKept() throws IOException {
        Path a = trace("012_block_4_add.i8.npy");
        Path out = Path.of(a + ".ebpc");
        Files.writeString(out, "precious");
        Run r = run(a.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("precious", Files.readString(out));
        assertEquals(0, run("-f", a.toString()).code());
        assertTrue(Files.exists(a), "sources are kept by default");

        Run noSuffix = run("-d", a.toString());
        assertEquals(1, noSuffix.code());
        assertTrue(noSuffix.err().contains("unknown suffix"), noSuffix.err());
    }

    @Test
    void rmDeletesTheSourceOnlyAfterAVerifiedWrite() throws IOException {
        Path a = trace("012_block_4_add.i8.npy");
        byte[] original = Files.readAllBytes(a);
        assertEquals(0, run("--rm", a.toString()).code());
        assertFalse(Files.exists(a));
        assertEquals(0, run("-d", "--rm", a + ".ebpc").code());
        assertArrayEquals(original, Files.readAllBytes(a));
        assertFalse(Files.exists(Path.of(a + ".ebpc")));
    }

    @Test
    void foldersNeedRecursive() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("layers/deeper"));
        Files.write(sub.resolve("x.npy"), Files.readAllBytes(trace("012_block_4_add.i8.npy")));
        Run no = run(dir.resolve("layers").toString());
        assertEquals(1, no.code());
        assertTrue(no.err().contains("use -r"), no.err());
        Run yes = run("-r", dir.resolve("layers").toString());
        assertEquals(0, yes.code(), yes.err());
        assertTrue(Files.exists(sub.resolve("x.npy.ebpc")));
        Files.delete(sub.resolve("x.npy"));
        assertEquals(0, run("-d", "-r", dir.resolve("layers").toString()).code());
        assertTrue(Files.exists(sub.resolve("x.npy")));
    }

    @Test
    void aFolderOfSmallFilesGivesWithT2WhatT1GivesMessagesInOrder() throws IOException {
        // Small files run side by side with -T2, larger ones alone: the same files, the same
        // lines in the same order, the same failure and exit code as one file after another.
        Random r = new Random(5);
        Path[] folders = {Files.createDirectories(dir.resolve("one")), Files.createDirectories(dir.resolve("two"))};
        for (int i = 0; i < 14; i++) {
            byte[] b = new byte[2 * (200 + r.nextInt(6000))];
            for (int j = 0; j < b.length; j++) {
                b[j] = r.nextInt(3) == 0 ? 0 : (byte) r.nextInt(256);
            }
            if (i == 6) {
                b = new byte[] {1, 2, 3}; // not whole int16 words: fails, the others go on
            }
            for (Path f : folders) {
                Files.write(f.resolve(String.format("%02d.raw", i)), b);
            }
        }
        for (Path f : folders) { // larger than one chunk: these run alone with all threads
            Files.copy(trace("011_block_4_depthwise_relu.i8.npy"), f.resolve("03_big.npy"));
            Files.copy(trace("012_block_4_add.i8.npy"), f.resolve("10_big.npy"));
        }
        Run one = run("-v", "-T1", "-r", "--dtype", "int16", "--chunk-words", "20000", folders[0].toString());
        Run two = run("-v", "-T2", "-r", "--dtype", "int16", "--chunk-words", "20000", folders[1].toString());
        assertEquals(1, one.code(), one.err());
        assertEquals(1, two.code(), two.err());
        assertTrue(
                one.err().startsWith("ebpc: ")
                        && one.err().lines().findFirst().orElseThrow().endsWith(", 1 thread"),
                one.err());
        assertTrue(two.err().lines().findFirst().orElseThrow().endsWith(", 2 threads"), two.err());
        String oneFiles = one.err().substring(one.err().indexOf('\n') + 1); // -v's first line: kernel, threads
        String twoFiles = two.err().substring(two.err().indexOf('\n') + 1);
        assertEquals(oneFiles.replace(folders[0].toString(), "F"), twoFiles.replace(folders[1].toString(), "F"));
        assertEquals(17, one.err().lines().count(), one.err());
        assertTrue(
                one.err().contains(" words in 1 chunk -> ") && one.err().contains("150,528 words in 8 chunks -> "),
                one.err());
        assertTrue(
                one.err()
                        .lines()
                        .skip(8)
                        .findFirst()
                        .orElseThrow()
                        .contains(
                                "06.raw: input ends inside a word: 1 byte left over after the last whole 16-bit word"),
                one.err());
        List<String> names = CliRun.files(folders[0]);
        assertEquals(31, names.size(), names.toString()); // 16 sources, 15 containers
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(folders[0].resolve(n)), Files.readAllBytes(folders[1].resolve(n)), n);
        }
    }

    @Test
    void aFileAndItsOwnOutputAsInputsRunOneAfterTheOther() throws IOException {
        // x.raw.ebpc is x.raw's output: with -f the second input is what the first wrote, for
        // any -T (side by side, the second would read the stale file).
        Random r = new Random(3);
        byte[] words = new byte[30_000];
        r.nextBytes(words);
        for (String t : new String[] {"-T1", "-T2"}) {
            Path f = Files.createDirectories(dir.resolve(t));
            Files.write(f.resolve("x.raw"), words);
            Files.write(f.resolve("x.raw.ebpc"), new byte[] {1, 2, 3}); // stale
            Run run = run(
                    "-q",
                    "-f",
                    t,
                    f.resolve("x.raw").toString(),
                    f.resolve("x.raw.ebpc").toString());
            assertEquals(0, run.code(), run.err());
        }
        for (String n : List.of("x.raw.ebpc", "x.raw.ebpc.ebpc")) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("-T1").resolve(n)),
                    Files.readAllBytes(dir.resolve("-T2").resolve(n)),
                    n);
        }
        assertTrue(Files.size(dir.resolve("-T2").resolve("x.raw.ebpc.ebpc")) > 30_000);
    }

    @Test
    void badInputAndFlags() throws IOException {
        Path odd = dir.resolve("odd.raw");
        Files.write(odd, new byte[] {1, 2, 3});
        Run r = run("--dtype", "float16", odd.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("inside a word"), r.err());
        assertFalse(Files.exists(dir.resolve("odd.raw.ebpc")));

        Path npy = dir.resolve("f64.npy");
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        String header = dict + " ".repeat(118 - dict.length() - 1) + "\n";
        byte[] npyBytes = ("\u0093NUMPY\u0001\u0000v\u0000" + header).getBytes(StandardCharsets.ISO_8859_1);
        Files.write(npy, java.util.Arrays.copyOf(npyBytes, npyBytes.length + 16));
        Run f64 = run(npy.toString()); // a valid file is never refused: float64 as 32-bit halves
        assertEquals(0, f64.code(), f64.err());
        Run back = run("-d", "-c", npy + ".ebpc");
        assertArrayEquals(Files.readAllBytes(npy), back.out());
        Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(npyBytes, npyBytes.length + 15));
        Run cut = run(dir.resolve("cut.npy").toString()); // a damaged one is, with the reason
        assertEquals(1, cut.code());
        assertTrue(cut.err().contains("truncated .npy data"), cut.err());

        for (String[] args : new String[][] {
            {"-d", "-t", "x"},
            {"-T", "-3", "x"},
            {"--dtype", "complex64", "x"},
            {"--chunk-words", "0", "x"},
            {},
            {"--block", "64", "x"}
        }) {
            Run bad = run(args);
            assertEquals(2, bad.code(), String.join(" ", args) + ": " + bad.err());
            assertTrue(bad.err().startsWith("ebpc: "), bad.err());
        }
    }
}
