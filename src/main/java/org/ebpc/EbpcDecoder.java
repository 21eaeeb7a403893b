package org.ebpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
     * Decodes words into {@code out} as little-endian words of W/8 bytes; its size sets n. A
     * segment over a Java array of the word type is decoded into in place; any other (off-heap
     * memory) through this thread's reused scratch, copied once. If decoding fails, what
     * {@code out} holds is unspecified.
     */
    public void decode(byte[] znz, byte[] bpc, MemorySegment out) throws MalformedStreamException {
        int n = wordsIn(out);
        SegmentWords.decodeInto(out, params.wordWidth(), n, (words, at) -> decode(znz, bpc, words, at, n));
    }

    /**
     * Decodes the streams an encoding into a buffer wrote ({@link EbpcEncoder#encode(byte[], int,
     * int, byte[], int)}): the ZNZ stream at streams[offset...], the BPC stream right after it,
     * as {@code lengths} says, into out[outOffset, outOffset + lengths.words()); nothing else of
     * {@code out} is written. Needs W=8. Where 32 bytes after the BPC stream lie in
     * {@code streams}, they are read in place, else copied once into this thread's scratch.
     */
    public void decode(byte[] streams, int offset, StreamLengths lengths, byte[] out, int outOffset)
            throws MalformedStreamException {
        decode(streams, offset, lengths, new Words.Int8(out), outOffset);
    }

    /** As {@link #decode(byte[], int, StreamLengths, byte[], int)} for 16-bit words; needs W=16. */
    public void decode(byte[] streams, int offset, StreamLengths lengths, short[] out, int outOffset)
            throws MalformedStreamException {
        decode(streams, offset, lengths, new Words.Int16(out), outOffset);
    }

    /** As {@link #decode(byte[], int, StreamLengths, byte[], int)} for 32-bit words; needs W=32. */
    public void decode(byte[] streams, int offset, StreamLengths lengths, int[] out, int outOffset)
            throws MalformedStreamException {
        decode(streams, offset, lengths, new Words.Int32(out), outOffset);
    }

    /**
     * As {@link #decode(byte[], int, StreamLengths, byte[], int)} from streams at the start of
     * {@code streams} into the first {@code lengths.words()} little-endian words of {@code out};
     * either may be heap or off-heap memory.
     */
    public void decode(MemorySegment streams, StreamLengths lengths, MemorySegment out)
            throws MalformedStreamException {
        java.util.Objects.checkFromIndexSize(0, lengths.bytes(), streams.byteSize());
        int n = lengths.words();
        java.util.Objects.checkFromIndexSize(0, (long) n * params.bytesPerWord(), out.byteSize());
        byte[] buf;
        int at;
        if (streams.heapBase().orElse(null) instanceof byte[] a) {
            buf = a;
            at = (int) streams.address();
        } else {
            int bytes = (int) lengths.bytes();
            buf = SegmentWords.streamBytes(bytes + 32);
            MemorySegment.copy(streams, ValueLayout.JAVA_BYTE, 0, buf, 0, bytes);
            at = 0;
        }
        SegmentWords.decodeInto(out, params.wordWidth(), n, (words, outAt) -> decode(buf, at, lengths, words, outAt));
    }

    /** As {@link #decode(byte[], int, StreamLengths, byte[], int)} into any word array of width W. */
    public void decode(byte[] streams, int offset, StreamLengths lengths, Words out, int outOffset)
            throws MalformedStreamException {
        java.util.Objects.checkFromIndexSize(offset, lengths.bytes(), streams.length);
        int end = offset + (int) lengths.bytes();
        byte[] buf = streams;
        int at = offset;
        if (streams.length - end < 32) { // the kernels read up to 32 bytes past the BPC stream
            buf = SegmentWords.streamBytes((int) lengths.bytes() + 32);
            System.arraycopy(streams, offset, buf, 0, (int) lengths.bytes());
            at = 0;
        }
        Kernel.Slice slice = new Kernel.Slice(
                at, lengths.znzBytes(), at + lengths.znzBytes(), lengths.bpcBytes(), outOffset, lengths.words());
        try {
            decodeSlices(buf, List.of(slice), out);
        } catch (Kernel.SliceException e) {
            throw e.getCause();
        }
    }

    private int wordsIn(MemorySegment out) {
        int per = params.bytesPerWord();
        if (out.byteSize() % per != 0) {
            throw new IllegalArgumentException("segment of " + out.byteSize() + " bytes is not a whole number of "
                    + params.wordWidth() + "-bit words");
        }
        long n = out.byteSize() / per;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many words for one stream pair: " + n);
        }
        return (int) n;
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
            java.util.Objects.checkFromIndexSize(
                    s.bpcAt(), s.bpcBytes(), buf.length - 32); // 32 readable bytes after it
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
        return new MalformedStreamException(
                MalformedStreamException.Stream.ZNZ,
                (long) znzBytes * 8,
                "a " + znzBytes + "-byte ZNZ stream cannot describe " + n + " words");
    }
}
