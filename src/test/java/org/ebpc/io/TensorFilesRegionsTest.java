package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which byte ranges of an .npz the container codes: the data of stored .npy entries of a
 * supported little-endian dtype, found from the local headers alone (numpy 2's ZIP64 sizes
 * included); everything else, and everything after an entry whose sizes are not in its local
 * header, stays verbatim.
 */
class TensorFilesRegionsTest {

    private static byte[] npy(String descr, int elements, int itemSize) {
        byte[] h = NpyHeaders.header(
                1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + elements + ",), }");
        byte[] out = java.util.Arrays.copyOf(h, h.length + elements * itemSize);
        for (int i = h.length; i < out.length; i++) {
            out[i] = (byte) (i * 7);
        }
        return out;
    }

    /** A local file header and its data; zip64: the sizes as 0xFFFFFFFF, the real ones in an extra field after {@code otherExtra}. */
    private static byte[] entry(String name, byte[] data, int method, int flags, boolean zip64, byte[] otherExtra) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer extra =
                ByteBuffer.allocate(otherExtra.length + (zip64 ? 20 : 0)).order(ByteOrder.LITTLE_ENDIAN);
        extra.put(otherExtra);
        if (zip64) {
            extra.putShort((short) 1).putShort((short) 16).putLong(data.length).putLong(data.length);
        }
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + extra.capacity() + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50)
                .putShort((short) (zip64 ? 45 : 20))
                .putShort((short) flags)
                .putShort((short) method)
                .putShort((short) 0)
                .putShort((short) 0)
                .putInt(0)
                .putInt(zip64 ? -1 : data.length)
                .putInt(zip64 ? -1 : data.length)
                .putShort((short) n.length)
                .putShort((short) extra.capacity())
                .put(n)
                .put(extra.array())
                .put(data);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        b.writeBytes(new byte[] {0x50, 0x4b, 0x01, 0x02}); // where the central directory would begin
        return b.toByteArray();
    }

    private static String describe(List<TensorFiles.Region> regions) {
        StringBuilder s = new StringBuilder();
        for (TensorFiles.Region r : regions) {
            s.append(r.name())
                    .append('@')
                    .append(r.offset())
                    .append('+')
                    .append(r.length())
                    .append(' ')
                    .append(r.dtype().label)
                    .append("; ");
        }
        return s.toString();
    }

    @Test
    void storedArraysOfSupportedDtypesAreCodedTheRestIsNot() throws IOException {
        byte[] a = npy("|i1", 100, 1);
        byte[] b = npy("<i2", 50, 2);
        byte[] big = npy(">i2", 50, 2);
        byte[] empty = npy("<i2", 0, 2);
        byte[] e1 = entry("a.npy", a, 0, 0, false, new byte[0]);
        byte[] e2 = entry(
                "deflated.npy",
                b,
                8,
                0,
                false,
                new byte[0]); // np.savez_compressed (the bytes need not really be deflated here)
        byte[] e3 = entry("big.npy", big, 0, 0, false, new byte[0]);
        byte[] e4 = entry("empty.npy", empty, 0, 0, false, new byte[0]);
        byte[] e5 = entry("notes.txt", b, 0, 0, false, new byte[0]);
        byte[] e6 = entry("b.npy", b, 0, 0, false, new byte[0]);
        byte[] file = concat(e1, e2, e3, e4, e5, e6);
        long bAt = (long) e1.length + e2.length + e3.length + e4.length + e5.length + 30 + "b.npy".length() + 128;
        assertEquals(
                "a.npy@" + (30 + 5 + 128) + "+100 int8; b.npy@" + bAt + "+100 int16; ",
                describe(TensorFiles.codedRegions(file, "x.npz")));
    }

    @Test
    void zip64SizesAreReadFromTheExtraFieldWhereverItIs() throws IOException {
        byte[] a = npy("<u2", 64, 2);
        byte[] timestamp = {0x55, 0x54, 5, 0, 1, 2, 3, 4, 5}; // another extra field first (id 0x5455, 5 bytes)
        for (byte[] other : new byte[][] {new byte[0], timestamp}) {
            byte[] file = concat(entry("a.npy", a, 0, 0, true, other));
            long at = 30 + 5 + other.length + 20 + 128;
            assertEquals(
                    "a.npy@" + at + "+128 uint16; ",
                    describe(TensorFiles.codedRegions(file, "x.npz")),
                    "extra before: " + other.length);
        }
        // A ZIP64 marker without the sizes: the rest of the file stays verbatim.
        byte[] noSizes = entry("a.npy", a, 0, 0, false, new byte[0]);
        ByteBuffer.wrap(noSizes).order(ByteOrder.LITTLE_ENDIAN).putInt(18, -1).putInt(22, -1);
        assertEquals(
                "",
                describe(TensorFiles.codedRegions(
                        concat(noSizes, entry("b.npy", a, 0, 0, false, new byte[0])), "x.npz")));
        // A ZIP64 field too short for the sizes it should hold: likewise.
        byte[] shortField = entry("a.npy", a, 0, 0, true, new byte[0]);
        ByteBuffer.wrap(shortField).order(ByteOrder.LITTLE_ENDIAN).putShort(30 + 5 + 2, (short) 8);
        assertEquals("", describe(TensorFiles.codedRegions(concat(shortField), "x.npz")));
    }

    @Test
    void afterAnEntryWithoutItsSizesNothingIsCoded() throws IOException {
        byte[] a = npy("|u1", 40, 1);
        byte[] streamed = entry("s.npy", a, 0, 8, false, new byte[0]); // sizes in a data descriptor after the data
        byte[] file = concat(
                entry("a.npy", a, 0, 0, false, new byte[0]), streamed, entry("b.npy", a, 0, 0, false, new byte[0]));
        assertEquals("a.npy@163+40 uint8; ", describe(TensorFiles.codedRegions(file, "x.npz")));
        byte[] past = entry("p.npy", a, 0, 0, false, new byte[0]);
        ByteBuffer.wrap(past)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(18, 1 << 20)
                .putInt(22, 1 << 20); // runs past the end
        assertEquals("", describe(TensorFiles.codedRegions(concat(past), "x.npz")));
        assertThrows(IOException.class, () -> TensorFiles.codedRegions(new byte[10], "x.npy"));
    }

    @Test
    void theLastEntryMayEndExactlyAtTheEndOfTheBytes() throws IOException {
        byte[] a = npy("|u1", 40, 1);
        byte[] empty = entry("z.npy", new byte[0], 0, 0, false, new byte[0]); // an entry with no data at all
        ByteArrayOutputStream only = new ByteArrayOutputStream(); // local headers only: no central directory after
        only.writeBytes(empty);
        only.writeBytes(entry("a.npy", a, 0, 0, false, new byte[0]));
        long at = empty.length + 30 + 5 + 128;
        assertEquals("a.npy@" + at + "+40 uint8; ", describe(TensorFiles.codedRegions(only.toByteArray(), "x.npz")));
    }

    @Test
    void anEntryWhoseArrayRunsPastTheEndIsNotCoded() throws IOException {
        // The header promises 4096 bytes, the local header says so too, the file ends 10 bytes before their end.
        byte[] whole = npy("|u1", 4096, 1);
        byte[] e = entry("cut.npy", whole, 0, 0, false, new byte[0]);
        byte[] cut = java.util.Arrays.copyOf(e, e.length - 10);
        assertEquals("", describe(TensorFiles.codedRegions(cut, "x.npz")));
    }

    private static byte[] safetensors(String json, int dataBytes) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + j.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(j.length).put(j);
        return b.array();
    }

    @Test
    void safetensorsRegionsAreInFileOrderWithoutOverlap() throws IOException {
        String json = "{\"b\":{\"dtype\":\"I16\",\"shape\":[4],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]},"
                + "\"over\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[12,16]},"
                + "\"e\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[16,16]}}";
        byte[] file = safetensors(json, 16);
        long base = file.length - 16;
        assertEquals(
                "m.safetensors/a@" + base + "+8 uint8; m.safetensors/b@" + (base + 8) + "+8 int16; ",
                describe(TensorFiles.codedRegions(file, "m.safetensors")),
                "sorted, adjacent ones both, an overlapping and an empty one left verbatim");
    }

    @Test
    void aZip64FieldMayHoldOnlyTheSizeTheHeaderLacks() throws IOException {
        byte[] a = npy("<u2", 64, 2);
        byte[] e = entry("a.npy", a, 0, 0, false, new byte[12]); // room for an 8-byte ZIP64 field
        ByteBuffer b = ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(22, -1); // the uncompressed size only: in the field
        b.putShort(30 + 5, (short) 1).putShort(30 + 5 + 2, (short) 8).putLong(30 + 5 + 4, a.length);
        assertEquals(
                "a.npy@" + (30 + 5 + 12 + 128) + "+128 uint16; ",
                describe(TensorFiles.codedRegions(concat(e), "x.npz")));
    }

    @Test
    void anUnsupportedSafetensorsDtypeIsLeftVerbatim() throws IOException {
        String json = "{\"q\":{\"dtype\":\"Q9\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[4,8]}}";
        byte[] file = safetensors(json, 8);
        assertEquals(
                "m.safetensors/a@" + (file.length - 4) + "+4 int8; ",
                describe(TensorFiles.codedRegions(file, "m.safetensors")));
    }

    @Test
    void aZip64FieldTooShortForItsSizeIsNotReadPastItsEnd() throws IOException {
        // An empty ZIP64 field, then another field whose 8 bytes, read as a size, would be the
        // right one (0x0100 | 4 << 16): the size is not in the ZIP64 field, so nothing is coded.
        byte[] a = npy("|u1", 0x0100 + (4 << 16) - 128, 1);
        byte[] other = {1, 0, 0, 0, 0x00, 0x01, 4, 0, 0, 0, 0, 0};
        byte[] e = entry("a.npy", a, 0, 0, false, other);
        ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -1);
        assertEquals("", describe(TensorFiles.codedRegions(concat(e), "x.npz")));
    }
}
