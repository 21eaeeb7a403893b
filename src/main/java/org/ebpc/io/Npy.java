package org.ebpc.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy {@code .npy} format (versions 1.0, 2.0 and 3.0): the header is parsed strictly and
 * kept verbatim, so a file can be given back byte for byte. Every array numpy writes is taken:
 * its data is coded as words of the element's width where EBPC applies (8-byte elements and
 * complex parts as 32-bit words, big-endian elements byte-swapped for the codec and back, a
 * Fortran-order array in its stored order), and as bytes otherwise (structured, strings,
 * object arrays: their raw bytes, which the container stores raw where they do not compress).
 */
public final class Npy {

    /** A numpy dtype this tool can code: name, bytes per element, and its {@code descr}. */
    public enum Dtype {
        INT8("int8", 1),
        UINT8("uint8", 1),
        INT16("int16", 2),
        UINT16("uint16", 2),
        FLOAT16("float16", 2),
        BFLOAT16("bfloat16", 2),
        INT32("int32", 4),
        UINT32("uint32", 4),
        FLOAT32("float32", 4);

        public final String label;
        public final int bytes;

        Dtype(String label, int bytes) {
            this.label = label;
            this.bytes = bytes;
        }

        /** Word width W for this dtype: its raw bit pattern is coded. */
        public int wordWidth() {
            return bytes * 8;
        }

        public boolean isFloat() {
            return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32;
        }

        /** By name as users type it (int8, float16, f16, i8, u8, bf16, ...). */
        public static Dtype parse(String s) {
            String t = s.strip().toLowerCase(java.util.Locale.ROOT);
            for (Dtype d : values()) {
                if (d.label.equals(t)) {
                    return d;
                }
            }
            return switch (t) {
                case "i8" -> INT8;
                case "u8" -> UINT8;
                case "i16" -> INT16;
                case "u16" -> UINT16;
                case "f16", "half" -> FLOAT16;
                case "bf16" -> BFLOAT16;
                case "i32" -> INT32;
                case "u32" -> UINT32;
                case "f32", "float" -> FLOAT32;
                default ->
                    throw new IllegalArgumentException("unsupported dtype '" + s
                            + "' (int8, uint8, int16, uint16, float16, bfloat16, int32, uint32, float32)");
            };
        }
    }

    /**
     * How an array's elements are coded, from its {@code descr}: the word dtype the codec sees,
     * the element's size in bytes (-1 if the header does not say: structured and object arrays,
     * whose data runs to the end of the file), and the byte order to undo (bytes per swapped
     * unit, 0 when the words are little-endian already).
     */
    public record Coding(Dtype words, int itemSize, int swap) {}

    static Coding codingOf(char order, String code) {
        char kind = code.charAt(0);
        int n;
        try {
            n = Integer.parseInt(code.substring(1));
        } catch (NumberFormatException e) {
            return new Coding(Dtype.UINT8, -1, 0);
        }
        boolean big = order == '>';
        Dtype direct = switch (code) {
            case "i1" -> Dtype.INT8;
            case "u1", "b1" -> Dtype.UINT8;
            case "i2" -> Dtype.INT16;
            case "u2" -> Dtype.UINT16;
            case "f2" -> Dtype.FLOAT16;
            case "i4" -> Dtype.INT32;
            case "u4" -> Dtype.UINT32;
            case "f4" -> Dtype.FLOAT32;
            default -> null;
        };
        if (direct != null) {
            return new Coding(direct, n, big && n > 1 ? n : 0);
        }
        return switch (kind) {
            // 8-byte integers, floats, dates: two 32-bit words each (low half first, once little-endian)
            case 'i', 'u', 'f', 'M', 'm' ->
                n == 8 ? new Coding(Dtype.UINT32, 8, big ? 8 : 0) : new Coding(Dtype.UINT8, n, 0);
            // complex: the float parts as 32-bit words
            case 'c' ->
                n == 8
                        ? new Coding(Dtype.FLOAT32, 8, big ? 4 : 0)
                        : n == 16 ? new Coding(Dtype.UINT32, 16, big ? 8 : 0) : new Coding(Dtype.UINT8, n, 0);
            // UCS-4 strings: 32-bit code units
            case 'U' -> new Coding(Dtype.UINT32, 4 * n, big ? 4 : 0);
            // byte strings, void (raw records)
            case 'S', 'a', 'V' -> new Coding(Dtype.UINT8, n, 0);
            default -> new Coding(Dtype.UINT8, -1, 0);
        };
    }

    /**
     * A parsed header: the verbatim bytes before the data, the word dtype its data is coded as,
     * shape, element count, the numpy {@code descr} as written, how it is coded, Fortran order,
     * and the data's length in bytes (-1 when only the file's end says: structured and object
     * arrays read from a stream).
     */
    public record Header(
            byte[] raw,
            Dtype dtype,
            long[] shape,
            long elements,
            String descr,
            Coding coding,
            boolean fortran,
            long dataBytes) {
        public int dataOffset() {
            return raw.length;
        }

        /** Whether the data is the plain little-endian words of {@link #dtype()}, one per element, in C order. */
        public boolean plain() {
            return coding.swap() == 0 && coding.itemSize() == dtype.bytes && !fortran;
        }

        /** The dtype as numpy writes it, e.g. {@code <f8}, or {@code structured}. */
        public String label() {
            return plain() ? dtype.label : descr + (fortran ? ", Fortran order" : "");
        }

        public String shapeString() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < shape.length; i++) {
                s.append(i == 0 ? "" : "x").append(shape[i]);
            }
            return shape.length == 0 ? "scalar" : s.toString();
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z]\\d*)(?:\\[[^\\]]*\\])?'");
    private static final Pattern STRUCTURED = Pattern.compile("'descr'\\s*:\\s*\\[");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** The length of the whole header (magic to padding) from its first 12 bytes, or -1 if not .npy. */
    public static int headerLength(byte[] first12) {
        if (!isNpy(first12) || first12.length < 12) {
            return -1;
        }
        int major = first12[6] & 0xFF;
        if (major == 1) {
            return 10 + ((first12[8] & 0xFF) | (first12[9] & 0xFF) << 8);
        }
        long len = (first12[8] & 0xFFL)
                | (first12[9] & 0xFFL) << 8
                | (first12[10] & 0xFFL) << 16
                | (first12[11] & 0xFFL) << 24;
        return len > MAX_HEADER ? Integer.MAX_VALUE : 12 + (int) len;
    }

    /** Whether {@code head} starts with the .npy magic. */
    public static boolean isNpy(byte[] head) {
        if (head.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the header at the start of {@code prefix} (which must hold the whole header: at
     * most 1 MiB); {@code fileSize} is checked against the shape unless it is negative (a stream).
     */
    public static Header parseHeader(byte[] prefix, long fileSize) throws IOException {
        if (!isNpy(prefix) || prefix.length < 10) {
            throw new IOException("not a .npy file (bad magic)");
        }
        int major = prefix[6] & 0xFF;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (prefix[8] & 0xFF) | (prefix[9] & 0xFF) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (prefix.length < 12) {
                throw new IOException("truncated .npy header");
            }
            long len = (prefix[8] & 0xFFL)
                    | (prefix[9] & 0xFFL) << 8
                    | (prefix[10] & 0xFFL) << 16
                    | (prefix[11] & 0xFFL) << 24;
            if (len > MAX_HEADER) {
                throw new IOException(".npy header of " + len + " bytes is too large");
            }
            headerLen = (int) len;
            start = 12;
        } else {
            throw new IOException("unsupported .npy format version " + major);
        }
        int end = start + headerLen;
        if (end > prefix.length || (fileSize >= 0 && end > fileSize)) {
            throw new IOException("truncated .npy header");
        }
        String dict =
                new String(prefix, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict);
        String descr;
        Coding coding;
        if (d.find()) {
            descr = d.group(1) + d.group(2);
            coding = codingOf(d.group(1).charAt(0), d.group(2));
        } else if (STRUCTURED.matcher(dict).find()) {
            descr = "structured";
            coding = new Coding(Dtype.UINT8, -1, 0);
        } else {
            throw new IOException(".npy header has no 'descr'");
        }
        Dtype dtype = coding.words();
        Matcher f = FORTRAN.matcher(dict);
        if (!f.find()) {
            throw new IOException(".npy header has no 'fortran_order'");
        }
        boolean fortran = f.group(1).equals("True");
        Matcher s = SHAPE.matcher(dict);
        if (!s.find()) {
            throw new IOException(".npy header has no 'shape'");
        }
        List<Long> dims = new ArrayList<>();
        long elements = 1;
        for (String part : s.group(1).split(",")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            long dim;
            try {
                dim = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new IOException(".npy shape has a bad dimension '" + t + "'");
            }
            if (dim < 0) {
                throw new IOException(".npy shape has a negative dimension");
            }
            elements = Math.multiplyHigh(elements, dim) != 0 || elements * dim < 0 ? -1 : elements * dim;
            if (elements < 0) {
                throw new IOException(".npy shape is too large");
            }
            dims.add(dim);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        byte[] raw = java.util.Arrays.copyOf(prefix, end);
        if (coding.itemSize() < 0) { // the data runs to the end of the file
            return new Header(raw, dtype, shape, elements, descr, coding, fortran, fileSize < 0 ? -1 : fileSize - end);
        }
        if (Math.multiplyHigh(elements, coding.itemSize()) != 0 || elements * coding.itemSize() < 0) {
            throw new IOException(".npy shape is too large");
        }
        long bytes = elements * coding.itemSize();
        if (fileSize >= 0 && fileSize < end + bytes) {
            throw new IOException("truncated .npy data: shape needs " + (end + bytes) + " bytes, file has " + fileSize);
        }
        if (fileSize > end + bytes) {
            throw new IOException(".npy file has " + (fileSize - end - bytes) + " bytes after the array data");
        }
        return new Header(raw, dtype, shape, elements, descr, coding, fortran, bytes);
    }
}
