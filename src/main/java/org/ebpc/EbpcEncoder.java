package org.ebpc;

import java.lang.foreign.MemorySegment;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.Words;

/**
 * Encodes words into the two EBPC streams, as fresh arrays or into a caller's buffer at an
 * offset. Stateless and thread-safe; the scratch it codes in is kept per thread between calls.
 *
 * <pre>{@code
 * EncodedStreams s = new EbpcEncoder(EbpcParams.DEFAULT).encode(int8Activations);
 * }</pre>
 */
public final class EbpcEncoder {

    private final EbpcParams params;
    private final Kernel kernel;

    /** An encoder using the kernel chosen at start-up ({@link Kernels#preferred()}). */
    public EbpcEncoder(EbpcParams params) {
        this(params, Kernels.preferred());
    }

    public EbpcEncoder(EbpcParams params, Kernel kernel) {
        this.params = params;
        this.kernel = kernel;
    }

    /**
     * The most bytes the two streams of {@code words} words can take under {@code p}, each padded
     * to whole W-bit words: what a caller's buffer for {@link EncodedStreams#znz()} plus
     * {@link EncodedStreams#bpc()} must hold (alternating zero and non-zero words, every plane
     * raw). The {@code .ebpc} container adds a fixed overhead (docs/FORMAT-CONTAINER.md) and
     * never stores a slice larger than its words.
     */
    public static long maxEncodedLength(long words, EbpcParams p) {
        if (words < 0) {
            throw new IllegalArgumentException("word count must not be negative: " + words);
        }
        return padded(p.maxZnzBits(words), p.wordWidth()) + padded(p.maxBpcBits(words), p.wordWidth());
    }

    private static long padded(long bits, int w) {
        return (bits + w - 1) / w * (w / 8);
    }

    public EbpcParams params() {
        return params;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Encodes 8-bit words; needs W=8. */
    public EncodedStreams encode(byte[] words) {
        return encode(new Words.Int8(words));
    }

    /** Encodes 16-bit words; needs W=16. */
    public EncodedStreams encode(short[] words) {
        return encode(new Words.Int16(words));
    }

    /** Encodes 32-bit words; needs W=32. */
    public EncodedStreams encode(int[] words) {
        return encode(new Words.Int32(words));
    }

    /** Encodes words[offset, offset + length) of 8-bit words (no copy); needs W=8. */
    public EncodedStreams encode(byte[] words, int offset, int length) {
        return encode(new Words.Int8(words), offset, checkedEnd(offset, length, words.length));
    }

    /** Encodes words[offset, offset + length) of 16-bit words; needs W=16. */
    public EncodedStreams encode(short[] words, int offset, int length) {
        return encode(new Words.Int16(words), offset, checkedEnd(offset, length, words.length));
    }

    /** Encodes words[offset, offset + length) of 32-bit words; needs W=32. */
    public EncodedStreams encode(int[] words, int offset, int length) {
        return encode(new Words.Int32(words), offset, checkedEnd(offset, length, words.length));
    }

    /**
     * Encodes little-endian words of W/8 bytes each; the segment holds a whole number of words.
     * A segment over a Java array of the word type is coded in place; any other (off-heap memory)
     * is copied once into this thread's reused scratch.
     */
    public EncodedStreams encode(MemorySegment words) {
        checkWords(words);
        SegmentWords.Span s = SegmentWords.read(words, params.wordWidth());
        return encode(s.words(), s.from(), s.to());
    }

    /**
     * Encodes words[offset, offset + length) of 8-bit words (W=8) into {@code out} from
     * {@code outOffset}: the ZNZ stream, then the BPC stream right after it, the same bytes as
     * {@link #encode(byte[], int, int)} returns. Returns their lengths, which the decoder takes
     * back. At most {@link #maxEncodedLength} bytes are needed; if the streams do not fit in the
     * rest of {@code out}, nothing is written and an {@link IllegalArgumentException} says how
     * many bytes they take. Nothing past them is written. The streams are built in this
     * thread's reused buffers and copied once: nothing the size of the data is allocated.
     */
    public StreamLengths encode(byte[] words, int offset, int length, byte[] out, int outOffset) {
        return encode(new Words.Int8(words), offset, checkedEnd(offset, length, words.length), out, outOffset);
    }

    /** As {@link #encode(byte[], int, int, byte[], int)} for 16-bit words; needs W=16. */
    public StreamLengths encode(short[] words, int offset, int length, byte[] out, int outOffset) {
        return encode(new Words.Int16(words), offset, checkedEnd(offset, length, words.length), out, outOffset);
    }

    /** As {@link #encode(byte[], int, int, byte[], int)} for 32-bit words; needs W=32. */
    public StreamLengths encode(int[] words, int offset, int length, byte[] out, int outOffset) {
        return encode(new Words.Int32(words), offset, checkedEnd(offset, length, words.length), out, outOffset);
    }

    /** As {@link #encode(byte[], int, int, byte[], int)} for words [from, to) of any word array of width W. */
    public StreamLengths encode(Words words, int from, int to, byte[] out, int outOffset) {
        java.util.Objects.checkFromToIndex(outOffset, out.length, out.length);
        return encode(words, from, to, MemorySegment.ofArray(out).asSlice(outOffset));
    }

    /**
     * Encodes the little-endian words of {@code words} (as {@link #encode(MemorySegment)}) into
     * {@code out}, heap or off-heap, as {@link #encode(byte[], int, int, byte[], int)} does.
     */
    public StreamLengths encode(MemorySegment words, MemorySegment out) {
        checkWords(words);
        SegmentWords.Span s = SegmentWords.read(words, params.wordWidth());
        return encode(s.words(), s.from(), s.to(), out);
    }

    private StreamLengths encode(Words words, int from, int to, MemorySegment out) {
        StreamLengths l = encodeIfFits(words, from, to, out);
        if (l.bytes() > out.byteSize()) {
            throw new IllegalArgumentException("output too small: the streams of " + l.words() + " words take "
                    + l.bytes() + " bytes, " + out.byteSize() + " given (maxEncodedLength: "
                    + maxEncodedLength(l.words(), params) + ")");
        }
        return l;
    }

    /**
     * Encodes words [from, to) of {@code words} into {@code out} if both streams fit in it, and
     * returns their lengths either way: where they do not fit ({@code bytes() > out.byteSize()}),
     * nothing is written. For a caller that stores incompressible data raw, as the container's
     * slices do, without coding twice.
     */
    public StreamLengths encodeIfFits(Words words, int from, int to, MemorySegment out) {
        checkWidth(words);
        java.util.Objects.checkFromToIndex(from, to, words.length());
        checkCount(to - from);
        return kernel.encode(params, words, from, to, out);
    }

    private static int checkedEnd(int offset, int length, int size) {
        return java.util.Objects.checkFromIndexSize(offset, length, size) + length;
    }

    /** Checks that {@code seg} holds a whole number of words, no more than one call codes. */
    private void checkWords(MemorySegment seg) {
        long bytes = seg.byteSize();
        if (bytes % params.bytesPerWord() != 0) {
            throw new IllegalArgumentException(
                    "segment of " + bytes + " bytes is not a whole number of " + params.wordWidth() + "-bit words");
        }
        checkCount(bytes / params.bytesPerWord());
    }

    /** Encodes any word array; its width must be W. */
    public EncodedStreams encode(Words words) {
        checkWidth(words);
        checkCount(words.length());
        return kernel.encode(params, words);
    }

    /** Encodes words [from, to) of {@code words}; their width must be W. */
    public EncodedStreams encode(Words words, int from, int to) {
        checkWidth(words);
        java.util.Objects.checkFromToIndex(from, to, words.length());
        checkCount(to - from);
        return kernel.encode(params, words, from, to);
    }

    private void checkWidth(Words words) {
        if (words.width() != params.wordWidth()) {
            throw new IllegalArgumentException(
                    words.width() + "-bit words given to an encoder for W=" + params.wordWidth());
        }
    }

    private void checkCount(long n) {
        long max = maxWords(params);
        if (n > max) {
            throw new IllegalArgumentException(n + " words are more than one stream pair holds for " + params
                    + " (at most " + max + "); split the input");
        }
    }

    /** The most words one call can encode: the worst-case streams must fit in byte arrays. */
    public static long maxWords(EbpcParams p) {
        long maxBits = (Integer.MAX_VALUE - 1024L) * 8;
        long perWordBits = Math.max(p.maxBpcBits(p.blockSize()) / p.blockSize() + 1, p.zeroRunBits() + 2);
        return maxBits / perWordBits;
    }
}
