package org.ebpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.Words;

/**
 * Encodes words into the two EBPC streams. Stateless and thread-safe.
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
        return encode(new Words.Int8(words), offset, java.util.Objects.checkFromIndexSize(offset, length, words.length) + length);
    }

    /** Encodes words[offset, offset + length) of 16-bit words; needs W=16. */
    public EncodedStreams encode(short[] words, int offset, int length) {
        return encode(new Words.Int16(words), offset, java.util.Objects.checkFromIndexSize(offset, length, words.length) + length);
    }

    /** Encodes words[offset, offset + length) of 32-bit words; needs W=32. */
    public EncodedStreams encode(int[] words, int offset, int length) {
        return encode(new Words.Int32(words), offset, java.util.Objects.checkFromIndexSize(offset, length, words.length) + length);
    }

    /** Encodes little-endian words of W/8 bytes each; the segment holds a whole number of words. */
    public EncodedStreams encode(MemorySegment words) {
        long bytes = words.byteSize();
        int per = params.bytesPerWord();
        if (bytes % per != 0) {
            throw new IllegalArgumentException("segment of " + bytes + " bytes is not a whole number of "
                    + params.wordWidth() + "-bit words");
        }
        checkCount(bytes / per);
        // A segment over a Java array of the word type (little-endian in memory): its words coded in place, no copy.
        int at = (int) (words.address() / per);
        int n = (int) (bytes / per);
        boolean le = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && words.address() % per == 0;
        switch (words.heapBase().orElse(null)) {
            case byte[] a when per == 1 -> {
                return encode(a, at, n);
            }
            case short[] a when per == 2 && le -> {
                return encode(a, at, n);
            }
            case int[] a when per == 4 && le -> {
                return encode(a, at, n);
            }
            case null, default -> { }
        }
        return switch (params.wordWidth()) {
            case 8 -> encode(words.toArray(ValueLayout.JAVA_BYTE));
            case 16 -> encode(words.toArray(Words.LE_SHORT));
            default -> encode(words.toArray(Words.LE_INT));
        };
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
            throw new IllegalArgumentException(words.width() + "-bit words given to an encoder for W="
                    + params.wordWidth());
        }
    }

    private void checkCount(long n) {
        long max = maxWords(params);
        if (n > max) {
            throw new IllegalArgumentException(n + " words are more than one stream pair holds for "
                    + params + " (at most " + max + "); split the input");
        }
    }

    /** The most words one call can encode: the worst-case streams must fit in byte arrays. */
    public static long maxWords(EbpcParams p) {
        long maxBits = (Integer.MAX_VALUE - 1024L) * 8;
        long perWordBits = Math.max(p.maxBpcBits(p.blockSize()) / p.blockSize() + 1, p.zeroRunBits() + 2);
        return maxBits / perWordBits;
    }
}
