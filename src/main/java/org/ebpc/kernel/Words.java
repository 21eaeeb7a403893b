package org.ebpc.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A word array of one of the three widths, as the kernels see it. Values are two's-complement
 * words; {@link #get} sign-extends, {@link #set} keeps the low W bits.
 */
public sealed interface Words {

    int length();

    /** Word width W in bits. */
    int width();

    long get(int i);

    void set(int i, long v);

    /** Whether two word arrays have the same width and the same words. */
    static boolean contentEquals(Words a, Words b) {
        if (a.width() != b.width() || a.length() != b.length()) {
            return false;
        }
        return switch (a) {
            case Int8 x -> java.util.Arrays.equals(x.a(), ((Int8) b).a());
            case Int16 x -> java.util.Arrays.equals(x.a(), ((Int16) b).a());
            case Int32 x -> java.util.Arrays.equals(x.a(), ((Int32) b).a());
        };
    }

    /** Words from raw little-endian bytes, W/8 bytes each; the length must be a whole number of words. */
    static Words fromLittleEndian(byte[] raw, int width) {
        int per = width / 8;
        if (raw.length % per != 0) {
            throw new IllegalArgumentException(raw.length + " bytes is not a whole number of " + width + "-bit words");
        }
        return switch (width) {
            case 8 -> new Int8(raw);
            case 16 -> new Int16(MemorySegment.ofArray(raw).toArray(LE_SHORT));
            case 32 -> new Int32(MemorySegment.ofArray(raw).toArray(LE_INT));
            default -> throw new IllegalArgumentException("word width W must be 8, 16 or 32, not " + width);
        };
    }

    /** The words as raw little-endian bytes, W/8 bytes each (for W=8, the array itself). */
    static byte[] toLittleEndian(Words w) {
        return switch (w) {
            case Int8 b -> b.a();
            case Int16 s -> copyOut(MemorySegment.ofArray(s.a()), LE_SHORT, s.a().length * 2L);
            case Int32 i -> copyOut(MemorySegment.ofArray(i.a()), LE_INT, i.a().length * 4L);
        };
    }

    private static byte[] copyOut(MemorySegment nativeOrder, ValueLayout le, long bytes) {
        byte[] out = new byte[Math.toIntExact(bytes)];
        ValueLayout nat = le.withOrder(ByteOrder.nativeOrder());
        MemorySegment.copy(nativeOrder, nat, 0, MemorySegment.ofArray(out), le, 0, bytes / le.byteSize());
        return out;
    }

    ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A copy of words [from, to) of w. */
    static Words copyOfRange(Words w, int from, int to) {
        return switch (w) {
            case Int8 b -> new Int8(java.util.Arrays.copyOfRange(b.a(), from, to));
            case Int16 s -> new Int16(java.util.Arrays.copyOfRange(s.a(), from, to));
            case Int32 i -> new Int32(java.util.Arrays.copyOfRange(i.a(), from, to));
        };
    }

    /** Copies {@code count} words from src[from...] to dst[at...]; both of one width. */
    static void copy(Words src, int from, Words dst, int at, int count) {
        switch (src) {
            case Int8 b -> System.arraycopy(b.a(), from, ((Int8) dst).a(), at, count);
            case Int16 s -> System.arraycopy(s.a(), from, ((Int16) dst).a(), at, count);
            case Int32 i -> System.arraycopy(i.a(), from, ((Int32) dst).a(), at, count);
        }
    }

    /** Copies {@code count} little-endian words of W/8 bytes from raw[offset...] into dst[at...]. */
    static void copyFromLittleEndian(byte[] raw, int offset, Words dst, int at, int count) {
        MemorySegment from = MemorySegment.ofArray(raw);
        switch (dst) {
            case Int8 b -> System.arraycopy(raw, offset, b.a(), at, count);
            case Int16 s -> MemorySegment.copy(from, LE_SHORT, offset, s.a(), at, count);
            case Int32 i -> MemorySegment.copy(from, LE_INT, offset, i.a(), at, count);
        }
    }

    /** Allocates an array of n words of width W. */
    static Words allocate(int width, int n) {
        return switch (width) {
            case 8 -> new Int8(new byte[n]);
            case 16 -> new Int16(new short[n]);
            case 32 -> new Int32(new int[n]);
            default -> throw new IllegalArgumentException("word width W must be 8, 16 or 32, not " + width);
        };
    }

    record Int8(byte[] a) implements Words {
        public int length() {
            return a.length;
        }

        public int width() {
            return 8;
        }

        public long get(int i) {
            return a[i];
        }

        public void set(int i, long v) {
            a[i] = (byte) v;
        }
    }

    record Int16(short[] a) implements Words {
        public int length() {
            return a.length;
        }

        public int width() {
            return 16;
        }

        public long get(int i) {
            return a[i];
        }

        public void set(int i, long v) {
            a[i] = (short) v;
        }
    }

    record Int32(int[] a) implements Words {
        public int length() {
            return a.length;
        }

        public int width() {
            return 32;
        }

        public long get(int i) {
            return a[i];
        }

        public void set(int i, long v) {
            a[i] = (int) v;
        }
    }
}
