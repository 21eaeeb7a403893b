package org.ebpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.ebpc.kernel.Words;

/**
 * Little-endian words in a MemorySegment as the kernels' word arrays: a segment over a Java
 * array of the word type is used in place; any other (off-heap, or bytes holding wider words)
 * goes through this thread's scratch array, copied once, so a caller coding many buffers
 * allocates nothing the size of its data.
 */
final class SegmentWords {

    private SegmentWords() {}

    /** Scratch larger than this is not kept for the next call: a thread must not hold a huge array for good. */
    static final int MAX_KEPT_BYTES = 16 << 20;

    private static final ThreadLocal<Words[]> SCRATCH =
            ThreadLocal.withInitial(() -> new Words[4]); // by width 8, 16, 32; stream bytes

    /** Words [from, to) of {@code words}. */
    record Span(Words words, int from, int to) {}

    /** The words of {@code seg} in place, or null if it is not a Java array of the word type in little-endian order. */
    static Span inPlace(MemorySegment seg, int width) {
        int per = width / 8;
        long at = seg.address() / per;
        int n = (int) (seg.byteSize() / per);
        boolean le = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && seg.address() % per == 0;
        return switch (seg.heapBase().orElse(null)) {
            case byte[] a when per == 1 -> new Span(new Words.Int8(a), (int) at, (int) at + n);
            case short[] a when per == 2 && le -> new Span(new Words.Int16(a), (int) at, (int) at + n);
            case int[] a when per == 4 && le -> new Span(new Words.Int32(a), (int) at, (int) at + n);
            case null, default -> null;
        };
    }

    /** The words of {@code seg}: in place where possible, else copied into scratch. */
    static Span read(MemorySegment seg, int width) {
        Span s = inPlace(seg, width);
        if (s != null) {
            return s;
        }
        int n = (int) (seg.byteSize() / (width / 8));
        Words w = scratch(width, n);
        switch (w) {
            case Words.Int8 b -> MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, b.a(), 0, n);
            case Words.Int16 h -> MemorySegment.copy(seg, Words.LE_SHORT, 0, h.a(), 0, n);
            case Words.Int32 i -> MemorySegment.copy(seg, Words.LE_INT, 0, i.a(), 0, n);
        }
        return new Span(w, 0, n);
    }

    /** A decoding into words [at, at + n) of a word array. */
    interface Decoding {
        void into(Words words, int at) throws MalformedStreamException;
    }

    /**
     * Runs {@code d} for the first n little-endian words of {@code seg}: into {@code seg} itself
     * where it is a Java array of the word type, else into this thread's scratch, copied out once.
     */
    static void decodeInto(MemorySegment seg, int width, int n, Decoding d) throws MalformedStreamException {
        Span s = inPlace(seg.asSlice(0, (long) n * (width / 8)), width);
        if (s != null) {
            d.into(s.words(), s.from());
            return;
        }
        Words w = scratch(width, n);
        d.into(w, 0);
        switch (w) {
            case Words.Int8 b -> MemorySegment.copy(b.a(), 0, seg, ValueLayout.JAVA_BYTE, 0, n);
            case Words.Int16 h -> MemorySegment.copy(h.a(), 0, seg, Words.LE_SHORT, 0, n);
            case Words.Int32 i -> MemorySegment.copy(i.a(), 0, seg, Words.LE_INT, 0, n);
        }
    }

    /** This thread's scratch for at least n words (contents arbitrary), or a fresh array too big to keep. */
    private static Words scratch(int width, int n) {
        return scratch(Integer.numberOfTrailingZeros(width) - 3, width, n);
    }

    private static Words scratch(int kind, int width, int n) {
        Words[] kept = SCRATCH.get();
        if (kept[kind] != null && kept[kind].length() >= n) {
            return kept[kind];
        }
        Words w = Words.allocate(width, n);
        if ((long) n * (width / 8) <= MAX_KEPT_BYTES) {
            kept[kind] = w;
        }
        return w;
    }

    /** This thread's scratch for stream bytes, at least {@code bytes} of them (contents arbitrary), likewise. */
    static byte[] streamBytes(int bytes) {
        return ((Words.Int8) scratch(3, 8, bytes)).a();
    }
}
