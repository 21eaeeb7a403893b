package org.ebpc.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test archives as numpy and safetensors write them (the format package's tests use them too). */
public final class Archives {

    private Archives() {}

    /** Adds an uncompressed (STORED) entry, as np.savez writes them. */
    public static void putStored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** An .npz with {@code stored} as an uncompressed entry (np.savez) and {@code deflated} compressed (np.savez_compressed). */
    static void npz(Path p, String storedName, byte[] stored, String deflatedName, byte[] deflated) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
            putStored(zip, storedName, stored);
            zip.putNextEntry(new ZipEntry(deflatedName));
            zip.write(deflated);
            zip.closeEntry();
        }
    }

    /** A .safetensors file with an I8 tensor of shape {@code i8Shape} and a 1-D F16 tensor. */
    static byte[] safetensors(byte[] i8, String i8Shape, byte[] f16) throws IOException {
        String json =
                "{\"__metadata__\": {\"format\": \"pt\"}, \"act\": {\"dtype\": \"I8\", \"shape\": [" + i8Shape + "], "
                        + "\"data_offsets\": [0, " + i8.length + "]}, \"grad\": {\"dtype\": \"F16\", \"shape\": ["
                        + f16.length / 2
                        + "], \"data_offsets\": [" + i8.length + ", " + (i8.length + f16.length) + "]}}";
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream st = new ByteArrayOutputStream();
        st.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(head.length)
                .array());
        st.write(head);
        st.write(i8);
        st.write(f16);
        return st.toByteArray();
    }
}
