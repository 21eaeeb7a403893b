package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpc.format.ContainerParts;
import org.ebpc.format.CorruptContainerException;
import org.ebpc.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files API: what the command line writes, and the same bytes from parts coded apart. */
class FilesApiTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FilesApiTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] compress(byte[] file, String name, EbpcFiles.Options o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbpcFiles.Result r = EbpcFiles.compress(new ByteArrayInputStream(file), file.length, name, out, o);
        assertEquals(out.size(), r.bytesOut());
        assertEquals(file.length, r.bytesIn());
        return out.toByteArray();
    }

    @Test
    void npyComesBackAndReportsItsSizes() throws IOException {
        byte[] npy = resource("npy/float16.npy");
        byte[] c = compress(npy, "a.npy", EbpcFiles.Options.DEFAULT);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        EbpcFiles.Result r =
                EbpcFiles.decompress(new ByteArrayInputStream(c), back, EbpcFiles.Options.DEFAULT, n -> {});
        assertArrayEquals(npy, back.toByteArray());
        assertEquals("npy", r.kind());
        assertEquals(c.length, r.bytesIn());
        assertEquals(npy.length, r.bytesOut());
    }

    @Test
    void damageIsNamedInOneLine() throws IOException {
        byte[] c = compress(resource("npy/int8.npy"), "a.npy", EbpcFiles.Options.DEFAULT);
        c[c.length / 2] ^= 0x10;
        IOException e = assertThrows(
                IOException.class, () -> EbpcFiles.test(new ByteArrayInputStream(c), EbpcFiles.Options.DEFAULT));
        assertTrue(e instanceof CorruptContainerException, e.toString());
        assertTrue(EbpcFiles.describe(e).startsWith("corrupt .ebpc file: "), EbpcFiles.describe(e));
    }

    @Test
    void aFolderWalkThatCannotReadASubfolderNamesIt() {
        // Files.walk reports an unreadable subfolder (as /proc/1/task/1/fdinfo is, even to root)
        // as an UncheckedIOException: the one line names the folder, not an internal error.
        var e = new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("/data/private"));
        assertEquals("/data/private: permission denied", EbpcFiles.describe(e));
    }

    @Test
    void optionsAFileDoesNotTakeAreRefused() {
        byte[] raw = new byte[100];
        assertThrows(
                IllegalArgumentException.class, () -> compress(raw, "x.bin", EbpcFiles.Options.DEFAULT.withNhwc(true)));
        assertThrows(
                IllegalArgumentException.class,
                () -> compress(raw, "x.bin", EbpcFiles.Options.DEFAULT.withQuantizeTo("int8")));
        assertThrows(IllegalArgumentException.class, () -> EbpcFiles.Options.DEFAULT.withQuantizeTo("float16"));
        assertThrows(IllegalArgumentException.class, () -> EbpcFiles.Options.DEFAULT.withChunkWords(0));
    }

    /** Splits at every chunk count per part, codes the parts apart and joins them. */
    @ParameterizedTest
    @ValueSource(strings = {"npy/int8.npy", "npy/float16.npy", "npy/float32-big.npy", "npy/empty.npy", "raw"})
    void partsJoinToTheSameBytes(String name) throws IOException {
        byte[] file = name.equals("raw") ? Arrays.copyOf(resource("npy/int8.npy"), 1001) : resource(name);
        String fileName = name.equals("raw") ? "x.bin" : "x.npy";
        EbpcFiles.Options o =
                EbpcFiles.Options.DEFAULT.withChunkWords(256).withRawDtype(name.equals("raw") ? "int8" : null);
        byte[] whole = compress(file, fileName, o);
        ContainerParts.Plan plan = EbpcFiles.plan(new ByteArrayInputStream(file), file.length, fileName, o);
        if (name.contains("big")) {
            assertNull(plan, "big-endian arrays are coded whole");
            return;
        }
        assertNotNull(plan);
        long words = file.length - plan.dataOffset();
        int chunks = (int) Math.max(1, (words + plan.chunkBytes() - 1) / plan.chunkBytes());
        for (int per = 1; per <= chunks; per++) {
            List<ContainerParts.Part> parts = new ArrayList<>();
            List<byte[]> bytes = new ArrayList<>();
            for (int first = 0; first < chunks; first += per) {
                int from = (int) (plan.dataOffset() + (long) first * plan.chunkBytes());
                int to = first + per >= chunks ? file.length : (int) (from + (long) per * plan.chunkBytes());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                parts.add(ContainerParts.encode(
                        plan, new ByteArrayInputStream(file, from, to - from), out, Kernels.preferred(), 1));
                bytes.add(out.toByteArray());
            }
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            long length = ContainerParts.join(plan, parts, p -> new ByteArrayInputStream(bytes.get(p)), joined);
            assertArrayEquals(whole, joined.toByteArray(), per + " chunks a part");
            assertEquals(whole.length, length);
        }
    }

    @Test
    void aPartOfTheWrongLengthIsRefused() throws IOException {
        byte[] file = resource("npy/int8.npy");
        EbpcFiles.Options o = EbpcFiles.Options.DEFAULT;
        ContainerParts.Plan plan = EbpcFiles.plan(new ByteArrayInputStream(file), file.length, "x.npy", o);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = (int) plan.dataOffset();
        ContainerParts.Part part = ContainerParts.encode(
                plan, new ByteArrayInputStream(file, from, file.length - from), out, Kernels.preferred(), 1);
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 1);
        assertThrows(
                IOException.class,
                () -> ContainerParts.join(
                        plan, List.of(part), p -> new ByteArrayInputStream(cut), new ByteArrayOutputStream()));
    }

    @Test
    void archivesAndLossyOptionsAreNotSplit() throws IOException {
        byte[] npz = resource("npy/mixed.npz");
        assertNull(EbpcFiles.plan(new ByteArrayInputStream(npz), npz.length, "m.npz", EbpcFiles.Options.DEFAULT));
        byte[] f = resource("npy/float16.npy");
        assertNull(EbpcFiles.plan(
                new ByteArrayInputStream(f), f.length, "f.npy", EbpcFiles.Options.DEFAULT.withQuantizeTo("int8")));
    }
}
