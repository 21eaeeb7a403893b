package org.ebpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.Words;

/**
 * Decodes the two EBPC streams back into words. The word count n is not in the streams (the
 * hardware takes it on a separate port), so the caller supplies it. Stateless and thread-safe.
 *
 * <p>Only the canonical encoding of exactly n words is accepted: anything else, including a
 * truncated stream, leftover non-padding bits or a symbol the encoder would never emit, is a
 * {@link MalformedStreamException} naming the stream and bit offset.
 */
public final class EbpcDecoder {

    private final EbpcParams params;
    private final Kernel kernel;

    public EbpcDecoder(EbpcParams params) {
        this(params, Kernels.preferred());
    }

    public EbpcDecoder(EbpcParams params, Kernel kernel) {
        this.params = params;
        this.kernel = kernel;
    }

    public EbpcParams params() {
        return params;
    }

    /** Decodes n 8-bit words; needs W=8. */
    public byte[] decodeBytes(byte[] znz, byte[] bpc, int n) throws MalformedStreamException {
        return ((Words.Int8) decode(znz, bpc, n, 8)).a();
    }

    /** Decodes n 16-bit words; needs W=16. */
    public short[] decodeShorts(byte[] znz, byte[] bpc, int n) throws MalformedStreamException {
        return ((Words.Int16) decode(znz, bpc, n, 16)).a();
    }

    /** Decodes n 32-bit words; needs W=32. */
    public int[] decodeInts(byte[] znz, byte[] bpc, int n) throws MalformedStreamException {
        return ((Words.Int32) decode(znz, bpc, n, 32)).a();
    }

    /**
     * Decodes n 8-bit words into out[offset, offset + n), nothing else of {@code out} written
     * (if decoding fails, what that range holds is unspecified); needs W=8.
     */
    public void decode(byte[] znz, byte[] bpc, byte[] out, int offset, int n) throws MalformedStreamException {
        decode(znz, bpc, new Words.Int8(out), offset, n);
    }

    /** As {@link #decode(byte[], byte[], byte[], int, int)} for 16-bit words; needs W=16. */
    public void decode(byte[] znz, byte[] bpc, short[] out, int offset, int n) throws MalformedStreamException {
        decode(znz, bpc, new Words.Int16(out), offset, n);
    }

    /** As {@link #decode(byte[], byte[], byte[], int, int)} for 32-bit words; needs W=32. */
    public void decode(byte[] znz, byte[] bpc, int[] out, int offset, int n) throws MalformedStreamException {
        decode(znz, bpc, new Words.Int32(out), offset, n);
    }

    /**
     * Decodes words into {@code out} as little-endian words of W/8 bytes; its size sets n. If
     * decoding fails, what {@code out} holds is unspecified.
     */
    public void decode(byte[] znz, byte[] bpc, MemorySegment out) throws MalformedStreamException {
        int per = params.bytesPerWord();
        if (out.byteSize() % per != 0) {
            throw new IllegalArgumentException("segment of " + out.byteSize() + " bytes is not a whole number of "
                    + params.wordWidth() + "-bit words");
        }
        long n = out.byteSize() / per;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many words for one stream pair: " + n);
        }
        // A segment over a Java array of the word type (little-endian in memory): decoded in place,
        // no copy (on failure its contents are unspecified).
        int at = (int) (out.address() / per);
        boolean le = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && out.address() % per == 0;
        switch (out.heapBase().orElse(null)) {
            case byte[] a when per == 1 -> {
                decode(znz, bpc, a, at, (int) n);
                return;
            }
            case short[] a when per == 2 && le -> {
                decode(znz, bpc, a, at, (int) n);
                return;
            }
            case int[] a when per == 4 && le -> {
                decode(znz, bpc, a, at, (int) n);
                return;
            }
            case null, default -> { }
        }
        Words w = decode(znz, bpc, (int) n, params.wordWidth());
        MemorySegment src = switch (w) {
            case Words.Int8 b -> MemorySegment.ofArray(b.a());
            case Words.Int16 s -> MemorySegment.ofArray(s.a());
            case Words.Int32 i -> MemorySegment.ofArray(i.a());
        };
        ValueLayout layout = switch (per) {
            case 1 -> ValueLayout.JAVA_BYTE;
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
            default -> ValueLayout.JAVA_INT_UNALIGNED;
        };
        // Arrays are in native order; copy with a swap where that is not little-endian.
        MemorySegment.copy(src, layout, 0, out, layout.withOrder(ByteOrder.LITTLE_ENDIAN), 0, n);
    }

    /** Decodes into a fresh word array of width {@code width}. */
    public Words decode(byte[] znz, byte[] bpc, int n, int width) throws MalformedStreamException {
        checkWidth(width);
        checkCount(znz, n);
        Words out = Words.allocate(width, n);
        kernel.decode(params, znz, bpc, out);
        return out;
    }

    /**
     * Decodes {@code count} words into out[at, at + count) (its width must be W); the rest of
     * {@code out} is untouched. If decoding fails, what that range holds is unspecified.
     */
    public void decode(byte[] znz, byte[] bpc, Words out, int at, int count) throws MalformedStreamException {
        checkWidth(out.width());
        java.util.Objects.checkFromIndexSize(at, count, out.length());
        checkCount(znz, count);
        kernel.decode(params, znz, bpc, out, at, count);
    }

    /**
     * Decodes independent slices whose streams lie in {@code buf} (readable for 32 bytes past
     * the last one) into their ranges of {@code out}, side by side where the kernel can; a
     * slice that is not canonical is named by its index in the list.
     */
    public void decodeSlices(byte[] buf, List<Kernel.Slice> slices, Words out) throws Kernel.SliceException {
        checkWidth(out.width());
        for (int i = 0; i < slices.size(); i++) {
            Kernel.Slice s = slices.get(i);
            java.util.Objects.checkFromIndexSize(s.outAt(), s.words(), out.length());
            java.util.Objects.checkFromIndexSize(s.znzAt(), s.znzBytes(), buf.length);
            java.util.Objects.checkFromIndexSize(s.bpcAt(), s.bpcBytes(), buf.length - 32);   // 32 readable bytes after it
            MalformedStreamException fault = countFault(s.znzBytes(), s.words());
            if (fault != null) {
                throw new Kernel.SliceException(i, fault);
            }
        }
        kernel.decodeSlices(params, buf, slices, out);
    }

    private void checkWidth(int width) {
        if (width != params.wordWidth()) {
            throw new IllegalArgumentException(width + "-bit words asked of a decoder for W=" + params.wordWidth());
        }
    }

    private void checkCount(byte[] znz, int n) throws MalformedStreamException {
        if (n < 0) {
            throw new IllegalArgumentException("word count must not be negative: " + n);
        }
        MalformedStreamException fault = countFault(znz.length, n);
        if (fault != null) {
            throw fault;
        }
    }

    /**
     * Why {@code znzBytes} of ZNZ stream cannot hold n words, or null: each ZNZ symbol takes at
     * least one bit and covers at most Z words, a bound on n that keeps a wrong count from
     * allocating more than the streams can describe.
     */
    private MalformedStreamException countFault(int znzBytes, int n) {
        if (n >= 0 && n <= (long) znzBytes * 8 * params.maxZeroRun()) {
            return null;
        }
        return new MalformedStreamException(MalformedStreamException.Stream.ZNZ, (long) znzBytes * 8,
                "a " + znzBytes + "-byte ZNZ stream cannot describe " + n + " words");
    }
}
