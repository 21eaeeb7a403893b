package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of file numpy writes (src/test/resources/npy, made by np.save/np.savez from one
 * small ReLU-like array): big-endian, Fortran order, 8-byte and complex elements, bool, 0-d,
 * empty, dates, strings, structured and object arrays, deflated and mixed .npz. Each is taken
 * and comes back byte for byte.
 */
class NumpyFilesTest {

    static final Path NPY = Path.of("src/test/resources/npy");

    @TempDir
    Path dir;

    static List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(NPY)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyFileNumpyWritesComesBackByteForByte(String name) throws IOException {
        Path f = Files.copy(NPY.resolve(name), dir.resolve(name));
        byte[] original = Files.readAllBytes(f);
        CliRun c = CliRun.of(new byte[0], f.toString());
        assertEquals(0, c.code(), name + ": " + c.err());
        CliRun t = CliRun.of(new byte[0], "-t", f + ".ebpc");
        assertEquals(0, t.code(), name + ": " + t.err());
        CliRun d = CliRun.of(new byte[0], "-d", "-c", f + ".ebpc");
        assertEquals(0, d.code(), name + ": " + d.err());
        assertArrayEquals(original, d.stdout(), name);
    }

    @Test
    void theListingNamesWhatNumpyWrote() throws IOException {
        Files.copy(NPY.resolve("float32-big.npy"), dir.resolve("a.npy"));
        Files.copy(NPY.resolve("fortran-float32.npy"), dir.resolve("b.npy"));
        Files.copy(NPY.resolve("complex128.npy"), dir.resolve("c.npy"));
        assertEquals(
                0,
                CliRun.of(
                                new byte[0],
                                dir.resolve("a.npy").toString(),
                                dir.resolve("b.npy").toString(),
                                dir.resolve("c.npy").toString())
                        .code());
        String listing = CliRun.of(
                        new byte[0],
                        "-l",
                        dir.resolve("a.npy.ebpc").toString(),
                        dir.resolve("b.npy.ebpc").toString(),
                        dir.resolve("c.npy.ebpc").toString())
                .out();
        List<String> rows = listing.lines().toList();
        assertTrue(rows.get(1).contains(" >f4 ") && rows.get(1).contains("W=32"), rows.get(1));
        assertTrue(rows.get(2).contains(" <f4, Fortran order "), rows.get(2));
        assertTrue(
                rows.get(3).contains(" <c16 ") && rows.get(3).contains(" 960 "),
                "2 x 2 words per complex128: " + rows.get(3));
    }

    @Test
    void numpy2NpzEntriesWithZip64SizesAreCoded() throws IOException {
        // np.savez of numpy 2 writes ZIP64 local headers (sizes 0xFFFFFFFF, the real ones in the
        // extra field): their arrays are coded, not kept verbatim.
        Path f = Files.copy(NPY.resolve("mixed.npz"), dir.resolve("mixed.npz"));
        assertEquals(0, CliRun.of(new byte[0], f.toString()).code());
        String row = CliRun.of(new byte[0], "-l", f + ".ebpc")
                .out()
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow();
        String[] cells = row.trim().split("\\s+");
        int chunks = Integer.parseInt(cells[cells.length - 3]);
        assertTrue(chunks >= 3, "the Fortran, structured and object arrays are coded: " + row);
    }

    @Test
    void bigEndianWordsAreCodedAsTheirValues() throws IOException {
        // >i2 and <i2 of the same values code to the same streams: the bytes are swapped for the
        // codec, so the compressed sizes are equal.
        Path big = Files.copy(NPY.resolve("int16-big.npy"), dir.resolve("big.npy"));
        byte[] b = Files.readAllBytes(big);
        byte[] little = b.clone();
        String header = new String(b, 0, 128, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'>i2'", "'<i2'");
        System.arraycopy(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, little, 0, 128);
        for (int i = 128; i + 1 < little.length; i += 2) {
            byte t = little[i];
            little[i] = little[i + 1];
            little[i + 1] = t;
        }
        Path le = Files.write(dir.resolve("little.npy"), little);
        assertEquals(0, CliRun.of(new byte[0], big.toString(), le.toString()).code());
        assertEquals(Files.size(Path.of(le + ".ebpc")), Files.size(Path.of(big + ".ebpc")));
    }

    @Test
    void channelsLastNeedsAPlainArray() throws IOException {
        Path f = Files.copy(NPY.resolve("fortran-4d.npy"), dir.resolve("f.npy"));
        CliRun r = CliRun.of(new byte[0], "--layout", "nhwc", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--layout nhwc needs a C-order array"), r.err());
    }
}
