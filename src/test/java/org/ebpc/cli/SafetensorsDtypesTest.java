package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ebpc.io.TensorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every dtype of the safetensors format: read, analyzed, coded where EBPC applies, and back byte for byte. */
class SafetensorsDtypesTest {

    @TempDir
    Path dir;

    /** Name -> bits per element, in the format's list (0.5: F4 and F6 packed, C64 two floats). */
    static final Map<String, Integer> DTYPES = new LinkedHashMap<>();

    static {
        for (String d : new String[] {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0"}) {
            DTYPES.put(d, 8);
        }
        for (String d : new String[] {"I16", "U16", "F16", "BF16"}) {
            DTYPES.put(d, 16);
        }
        for (String d : new String[] {"I32", "U32", "F32"}) {
            DTYPES.put(d, 32);
        }
        for (String d : new String[] {"F64", "I64", "U64", "C64"}) {
            DTYPES.put(d, 64);
        }
        DTYPES.put("F4", 4);
        DTYPES.put("F6_E2M3", 6);
        DTYPES.put("F6_E3M2", 6);
    }

    /** A file with one [4, 10, 10] tensor per dtype, mostly zeros (activation-like). */
    private Path file() throws IOException {
        StringBuilder json = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Random r = new Random(7);
        for (Map.Entry<String, Integer> d : DTYPES.entrySet()) {
            int bytes = (400 * d.getValue() + 7) / 8;
            byte[] t = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                t[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : 0;
            }
            json.append(json.length() > 1 ? "," : "")
                    .append('"')
                    .append(d.getKey().toLowerCase())
                    .append("\":{\"dtype\":\"")
                    .append(d.getKey())
                    .append("\",\"shape\":[4,10,10],\"data_offsets\":[")
                    .append(data.size())
                    .append(',')
                    .append(data.size() + bytes)
                    .append("]}");
            data.writeBytes(t);
        }
        byte[] h = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        Path f = dir.resolve("all.safetensors");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length)
                .array());
        all.writeBytes(h);
        all.writeBytes(data.toByteArray());
        Files.write(f, all.toByteArray());
        return f;
    }

    @Test
    void everyDtypeIsReadAndCodedAndComesBack() throws IOException {
        Path f = file();
        byte[] original = Files.readAllBytes(f);
        List<TensorFiles.Tensor> tensors = TensorFiles.read(f);
        assertEquals(DTYPES.size(), tensors.size(), "every tensor read, none refused");
        for (TensorFiles.Tensor t : tensors) {
            int bits = DTYPES.get(t.name().substring(t.name().indexOf('/') + 1).toUpperCase());
            assertEquals((400L * bits + 7) / 8, t.data().length, t.name());
        }
        assertEquals(
                DTYPES.size(),
                TensorFiles.codedRegions(original, "all.safetensors").size(),
                "every tensor coded");
        CliRun c = CliRun.of(new byte[0], "-k", f.toString());
        assertEquals(0, c.code(), c.err());
        Files.move(f, dir.resolve("was.safetensors"));
        CliRun d = CliRun.of(new byte[0], "-d", f + ".ebpc");
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(original, Files.readAllBytes(f));
        CliRun a = CliRun.of(new byte[0], "analyze", "--csv", "--no-general", f.toString());
        assertEquals(0, a.code(), a.err());
        for (String name : DTYPES.keySet()) {
            assertTrue(a.out().contains("all.safetensors/" + name.toLowerCase() + ","), name + "\n" + a.out());
        }
    }
}
