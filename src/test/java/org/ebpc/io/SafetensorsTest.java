package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .safetensors file read whole: its header's limits, and what each tensor's shape and bytes become. */
class SafetensorsTest {

    @TempDir
    Path dir;

    private Path file(long headerLength, String json, int dataBytes) throws IOException {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + j.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(j);
        for (int i = 8 + j.length; i < b.capacity(); i++) {
            b.put(i, (byte) i);
        }
        return Files.write(dir.resolve("m.safetensors"), b.array());
    }

    private Path file(String json, int dataBytes) throws IOException {
        return file(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
    }

    private static String tensor(String name, String dtype, String shape, long from, long to) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + from + ","
                + to + "]}";
    }

    private String error(Path f) {
        return assertThrows(IOException.class, () -> TensorFiles.read(f)).getMessage();
    }

    @Test
    void wordTensorsKeepTheirShapeWiderOnesAreFlatWords() throws IOException {
        List<TensorFiles.Tensor> ts = TensorFiles.read(file(
                "{" + tensor("h", "I16", "[2,3]", 0, 12) + "," + tensor("d", "F64", "[2]", 12, 28) + ","
                        + tensor("none", "U8", "[0,5]", 28, 28) + "}",
                28));
        assertEquals(3, ts.size());
        assertArrayEquals(new long[] {2, 3}, ts.get(0).shape());
        assertEquals(Npy.Dtype.INT16, ts.get(0).dtype());
        assertNull(ts.get(1).shape(), "two 32-bit words per element: not the array's shape");
        assertEquals(Npy.Dtype.UINT32, ts.get(1).dtype());
        assertEquals(16, ts.get(1).data().length);
        assertEquals(0, ts.get(2).data().length, "a zero dimension is an empty tensor");
        assertArrayEquals(new long[] {0, 5}, ts.get(2).shape());
    }

    @Test
    void theHeaderLengthIsCheckedAgainstItsLimitsAndTheFile() throws IOException {
        assertEquals(0, TensorFiles.read(file("{}", 0)).size(), "the shortest header, filling the file");
        Files.write(dir.resolve("m.safetensors"), new byte[8]);
        assertEquals("bad .safetensors header length 0", error(dir.resolve("m.safetensors")));
        Files.write(dir.resolve("m.safetensors"), new byte[7]);
        assertEquals("truncated .safetensors file", error(dir.resolve("m.safetensors")));
        assertEquals("bad .safetensors header length 1", error(file(1, "{}", 0)));
        assertEquals("bad .safetensors header length 3", error(file(3, "{}", 0)), "past the end of the file");
    }

    @Test
    void shapesAndOffsetsMustMatchTheBytes() throws IOException {
        assertEquals(
                "tensor t: bad shape",
                error(file("{" + tensor("t", "U8", "[1048576,1048576,1048576]", 0, 4) + "}", 4)),
                "more elements than any tensor holds");
        assertEquals(
                "tensor t: data_offsets do not match its shape or the file",
                error(file("{" + tensor("t", "U8", "[5]", 0, 5) + "}", 4)),
                "one byte past the end");
        assertEquals(
                4,
                TensorFiles.read(file("{" + tensor("t", "U8", "[4]", 0, 4) + "}", 4))
                        .get(0)
                        .data()
                        .length);
    }
}
