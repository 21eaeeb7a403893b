package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to exhaust a reader, each given to the command line in a JVM of 64 MB heap: an
 * index claiming 10^9 chunks, a trailer pointing past the end, a word total of 2^40, a zip bomb,
 * a 100 MB safetensors header, an .npz of 10^5 arrays. Each ends within a minute with one line
 * (or, for the valid many-array file, does its job), never an OutOfMemoryError.
 */
class HostileSizesTest {

    @TempDir
    Path dir;

    record Run(int code, String err) {}

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ebpc.cli.Main",
                "-q"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished within a minute: " + String.join(" ", args));
        String err = Files.readString(dir.resolve("err.txt"))
                .lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .reduce("", (a, b) -> a + b + "\n");
        return new Run(p.exitValue(), err);
    }

    private static void refusedInOneLine(Run r, String expected, String what) {
        assertEquals(1, r.code(), what + ": " + r.err());
        assertEquals(1, r.err().lines().count(), what + ": " + r.err());
        assertTrue(r.err().startsWith("ebpc: ") && r.err().contains(expected), what + ": " + r.err());
        assertTrue(!r.err().contains("out of memory"), what + ": " + r.err());
    }

    private static int crc32c(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    @Test
    void containersWhoseIndexLies() throws Exception {
        Path npy = CliRun.copyResource(dir, "traces/mobilenetv2-astronaut/046_dense_1.i8.npy", "a.npy");
        assertEquals(0, CliRun.of(new byte[0], npy.toString()).code());
        byte[] f = Files.readAllBytes(dir.resolve("a.npy.ebpc"));
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int index = (int) b.getLong(f.length - 16);
        int chunks = b.getInt(index + 4);
        int crcAt = index + 8 + 12 * chunks + 8;

        byte[] many = f.clone(); // the index claims 10^9 chunks, its CRC made to match
        ByteBuffer.wrap(many)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(index + 4, 1_000_000_000)
                .putInt(crcAt, crc32c(many, index, crcAt));
        Files.write(dir.resolve("many.ebpc"), many);
        refusedInOneLine(run("-l", "many.ebpc"), "1000000000 chunks", "10^9 chunks, -l");
        refusedInOneLine(run("-t", "many.ebpc"), "1000000000 chunks", "10^9 chunks, -t");

        byte[] outside = f.clone(); // the trailer points 2^50 bytes in
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putLong(f.length - 16, 1L << 50);
        Files.write(dir.resolve("outside.ebpc"), outside);
        refusedInOneLine(run("-t", "outside.ebpc"), "trailer", "index outside the file");

        byte[] total = f.clone(); // a word total of 2^40
        ByteBuffer.wrap(total)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(index + 8 + 12 * chunks, 1L << 40)
                .putInt(crcAt, crc32c(total, index, crcAt));
        Files.write(dir.resolve("total.ebpc"), total);
        refusedInOneLine(run("-d", "-c", "total.ebpc"), "word total", "2^40 words");
    }

    private static byte[] npyHeader(long elements) {
        String dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (" + elements + ",), }";
        byte[] d = (dict + " ".repeat(117 - dict.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(10 + d.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                .putShort((short) d.length)
                .put(d)
                .array();
    }

    @Test
    void aZipBombIsRefusedByAnalyzeAndKeptVerbatimByCompression() throws Exception {
        long elements = 300_000_000;
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(dir.resolve("bomb.npz")))) {
            z.putNextEntry(new ZipEntry("x.npy"));
            z.write(npyHeader(elements));
            byte[] zeros = new byte[1 << 22];
            for (long left = elements; left > 0; left -= zeros.length) {
                z.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            z.closeEntry();
        }
        refusedInOneLine(run("analyze", "--no-general", "bomb.npz"), "JAVA_OPTS", "zip bomb, analyze");
        Run r = run("-k", "bomb.npz"); // a deflated entry is kept as it is: nothing to inflate
        assertEquals(0, r.code(), r.err());
        assertEquals(0, run("-t", "bomb.npz.ebpc").code());
    }

    @Test
    void aHundredMegabyteSafetensorsHeaderGetsOneLine() throws Exception {
        String json =
                "{\"a\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]},\"__metadata__\":{\"pad\":\"x\"}}";
        int headerLength = 100_000_000;
        try (OutputStream o = Files.newOutputStream(dir.resolve("big.safetensors"))) {
            o.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(headerLength)
                    .array());
            o.write(json.getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (long left = headerLength - json.length(); left > 0; left -= spaces.length) {
                o.write(spaces, 0, (int) Math.min(spaces.length, left));
            }
            o.write(new byte[] {1, 2, 3, 4});
        }
        refusedInOneLine(run("-k", "big.safetensors"), "JAVA_OPTS", "100 MB header, compress");
        refusedInOneLine(run("analyze", "--no-general", "big.safetensors"), "JAVA_OPTS", "100 MB header, analyze");
    }

    @Test
    void anNpzOfAHundredThousandArraysIsCodedInBoundedTime() throws Exception {
        byte[] header = npyHeader(8);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(dir.resolve("many.npz")))) {
            for (int i = 0; i < 100_000; i++) {
                byte[] entry = Arrays.copyOf(header, header.length + 8);
                Arrays.fill(entry, header.length, entry.length, (byte) i);
                Archives.putStored(z, "a" + i + ".npy", entry);
            }
        }
        Run r = run("-k", "many.npz");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, run("-t", "many.npz.ebpc").code());
    }
}
