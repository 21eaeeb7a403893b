package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcInputStream;
import org.ebpc.EbpcOutputStream;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.format.CorruptContainerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming API against the command line: the same container bytes, the same originals back. */
class StreamingApiTest {

    @TempDir
    Path dir;

    /** The int8 words of a bundled trace tensor. */
    private static byte[] words() throws IOException {
        try (InputStream in = StreamingApiTest.class.getResourceAsStream(
                "/traces/mobilenetv2-astronaut/003_block_1_expand_relu.i8.npy")) {
            byte[] all = in.readAllBytes();
            return Arrays.copyOfRange(all, 128, all.length);
        }
    }

    private byte[] commandLine(byte[] raw, String... options) throws IOException {
        Path f = dir.resolve("words.raw");
        Files.write(f, raw);
        String[] args = new String[options.length + 2];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "-c";
        args[options.length + 1] = f.toString();
        CliRun r = CliRun.of(new byte[0], args);
        assertEquals(0, r.code(), r.err());
        return r.stdout();
    }

    /** Writes {@code data} in pieces of every awkward size: 1 byte, 7, 64 KiB + 3, the rest at once. */
    private static void writeInPieces(OutputStream o, byte[] data) throws IOException {
        Random r = new Random(3);
        int[] sizes = {1, 7, (1 << 16) + 3, 1, 100_000};
        int at = 0;
        for (int i = 0; at < data.length; i++) {
            int n = Math.min(data.length - at, i < 40 ? sizes[r.nextInt(sizes.length)] : data.length);
            if (n == 1 && i % 2 == 0) {
                o.write(data[at]);
            } else {
                o.write(data, at, n);
            }
            at += n;
        }
    }

    @Test
    void outputStreamWritesWhatTheCommandLineWrites() throws IOException {
        byte[] raw = words();
        ByteArrayOutputStream api = new ByteArrayOutputStream();
        try (OutputStream o = new EbpcOutputStream(api)) {
            writeInPieces(o, raw);
        }
        assertArrayEquals(commandLine(raw, "--dtype", "int8"), api.toByteArray(), "defaults: ebpc --dtype int8");

        // Many chunks, two threads, other parameters: still the command line's bytes.
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        EbpcOutputStream.Options o = EbpcOutputStream.Options.DEFAULT
                .withChunkWords(50_000)
                .withThreads(2)
                .withParams(8, 32);
        try (OutputStream s = new EbpcOutputStream(many, o)) {
            writeInPieces(s, raw);
        }
        assertArrayEquals(
                commandLine(raw, "--dtype", "int8", "--chunk-words", "50000", "-T", "2", "--max-zero-run", "32"),
                many.toByteArray());

        byte[] f16 = Arrays.copyOf(raw, raw.length & ~1); // the same bytes as 16-bit words
        ByteArrayOutputStream half = new ByteArrayOutputStream();
        try (OutputStream s = new EbpcOutputStream(half, o.withDtype("float16").withParams(16, 16))) {
            s.write(f16);
        }
        assertArrayEquals(
                commandLine(f16, "--dtype", "float16", "--chunk-words", "50000", "--block", "16"), half.toByteArray());
    }

    @Test
    void inputStreamGivesBackEveryContainerKind() throws IOException {
        byte[] raw = words();
        Path npy = CliRun.copyResource(dir, "traces/mobilenetv2-astronaut/011_block_4_depthwise_relu.i8.npy", "t.npy");
        Path npz = CliRun.copyResource(dir, "npy/mixed.npz", "m.npz");
        assertEquals(
                0,
                CliRun.of(new byte[0], "-k", "--chunk-words", "20000", npy.toString(), npz.toString())
                        .code());
        for (Path original : new Path[] {npy, npz}) {
            byte[] back;
            try (InputStream in = new EbpcInputStream(Files.newInputStream(Path.of(original + ".ebpc")), 2)) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                Random r = new Random(5);
                byte[] buf = new byte[1 << 17];
                for (int n = 0; n >= 0; ) {
                    if (r.nextInt(5) == 0) {
                        n = in.read();
                        if (n >= 0) {
                            b.write(n);
                        }
                    } else {
                        n = in.read(buf, 0, 1 + r.nextInt(buf.length));
                        if (n > 0) {
                            b.write(buf, 0, n);
                        }
                    }
                }
                back = b.toByteArray();
            }
            assertArrayEquals(Files.readAllBytes(original), back, original.toString());
        }
        ByteArrayOutputStream api = new ByteArrayOutputStream();
        try (OutputStream o = new EbpcOutputStream(api)) {
            o.write(raw);
        }
        try (InputStream in = new EbpcInputStream(new ByteArrayInputStream(api.toByteArray()))) {
            assertArrayEquals(raw, in.readAllBytes(), "its own output");
        }
    }

    @Test
    void aDamagedStreamIsAnIOExceptionNamingTheChunk() throws IOException {
        byte[] raw = words();
        ByteArrayOutputStream api = new ByteArrayOutputStream();
        try (OutputStream o = new EbpcOutputStream(api, EbpcOutputStream.Options.DEFAULT.withChunkWords(40_000))) {
            o.write(raw);
        }
        byte[] damaged = api.toByteArray();
        damaged[damaged.length / 2] ^= 0x10;
        try (InputStream in = new EbpcInputStream(new ByteArrayInputStream(damaged))) {
            CorruptContainerException e = assertThrows(CorruptContainerException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("chunk"), e.getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheDecoderAndWordsMustBeWhole() throws IOException {
        byte[] raw = words();
        ByteArrayOutputStream api = new ByteArrayOutputStream();
        try (OutputStream o = new EbpcOutputStream(api, EbpcOutputStream.Options.DEFAULT.withChunkWords(10_000))) {
            o.write(raw);
        }
        long start = System.nanoTime();
        InputStream in = new EbpcInputStream(new ByteArrayInputStream(api.toByteArray()));
        assertEquals(raw[0] & 0xFF, in.read());
        in.close();
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "close does not wait for the whole container");
        assertThrows(IOException.class, in::read, "closed");

        EbpcOutputStream odd =
                new EbpcOutputStream(new ByteArrayOutputStream(), EbpcOutputStream.Options.DEFAULT.withDtype("int16"));
        odd.write(new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, odd::close);
        assertTrue(e.getMessage().contains("inside a word"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EbpcOutputStream.Options.DEFAULT.withParams(8, 3));
        assertThrows(IllegalArgumentException.class, () -> EbpcOutputStream.Options.DEFAULT.withDtype("complex128"));
    }

    /** A zero-length read returns 0 at once, as InputStream's contract says, even before any byte has arrived. */
    @Test
    void aZeroLengthReadDoesNotWait() throws IOException {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        try (InputStream in = new EbpcInputStream(new java.io.PipedInputStream(writer))) {
            assertEquals(
                    0,
                    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                            java.time.Duration.ofSeconds(5), () -> in.read(new byte[8], 3, 0)));
            assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[8], 6, 3));
        } finally {
            writer.close();
        }
    }

    @Test
    void maxEncodedLengthBoundsEveryStreamPair() {
        Random r = new Random(11);
        for (int w : new int[] {8, 16, 32}) {
            EbpcParams p = new EbpcParams(w, 8, 16);
            for (int n : new int[] {0, 1, 7, 8, 9, 1000, 4097}) {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = i % 2 == 0 ? 0 : r.nextInt() | 1; // the ZNZ worst case, with random planes
                }
                EncodedStreams s = switch (w) {
                    case 8 -> new EbpcEncoder(p).encode(toBytes(v));
                    case 16 -> new EbpcEncoder(p).encode(toShorts(v));
                    default -> new EbpcEncoder(p).encode(v);
                };
                long bound = EbpcEncoder.maxEncodedLength(n, p);
                assertTrue(
                        s.znz().length + s.bpc().length <= bound,
                        w + "/" + n + ": " + (s.znz().length + s.bpc().length) + " > " + bound);
                assertTrue(
                        n < 1000 || s.znz().length + s.bpc().length > bound / 2,
                        "the bound is not far off the worst case");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EbpcEncoder.maxEncodedLength(-1, EbpcParams.DEFAULT));
    }

    private static byte[] toBytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) (v[i] == 0 ? 0 : (v[i] & 0xFF) == 0 ? 1 : v[i]);
        }
        return b;
    }

    private static short[] toShorts(int[] v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) (v[i] == 0 ? 0 : (v[i] & 0xFFFF) == 0 ? 1 : v[i]);
        }
        return s;
    }
}
