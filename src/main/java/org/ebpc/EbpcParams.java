package org.ebpc;

/**
 * The three parameters of an EBPC stream pair (FORMAT.md, "Parameters").
 *
 * @param wordWidth   W, bits per word: 8, 16 or 32
 * @param blockSize   N, words per bit-plane block: 8, 16 or 32, at most W
 * @param maxZeroRun  Z, the longest zero run one ZNZ symbol holds: a power of two in 2..256
 */
public record EbpcParams(int wordWidth, int blockSize, int maxZeroRun) {

    /** The EBPC hardware's parameters: W=8, N=8, Z=16. */
    public static final EbpcParams DEFAULT = new EbpcParams(8, 8, 16);

    public EbpcParams {
        if (wordWidth != 8 && wordWidth != 16 && wordWidth != 32) {
            throw new IllegalArgumentException("word width W must be 8, 16 or 32, not " + wordWidth);
        }
        if (blockSize != 8 && blockSize != 16 && blockSize != 32) {
            throw new IllegalArgumentException("block size N must be 8, 16 or 32, not " + blockSize);
        }
        if (blockSize > wordWidth) {
            throw new IllegalArgumentException(
                    "block size N must be at most the word width W=" + wordWidth + ", not " + blockSize);
        }
        if (maxZeroRun < 2 || maxZeroRun > 256 || Integer.bitCount(maxZeroRun) != 1) {
            throw new IllegalArgumentException("max zero run Z must be a power of two in 2..256, not " + maxZeroRun);
        }
    }

    /** Bits that hold k-1 in a ZNZ zero-run symbol: log2(Z). */
    public int zeroRunBits() {
        return Integer.numberOfTrailingZeros(maxZeroRun);
    }

    /** Bits that hold r-2 in a BPC plane-run symbol: log2(W). */
    public int planeRunBits() {
        return Integer.numberOfTrailingZeros(wordWidth);
    }

    /** Bits that hold a position p in a BPC single/pair symbol: log2(N). */
    public int positionBits() {
        return Integer.numberOfTrailingZeros(blockSize);
    }

    /** Bytes per word in raw files and in the padded streams' unit. */
    public int bytesPerWord() {
        return wordWidth / 8;
    }

    /**
     * Whether the open EBPC RTL (re-parameterized) reproduces this parameter set. With W=8 and
     * Z >= 128 the ZNZ run symbol is W bits or more and the RTL's ZNZ stream differs (FORMAT.md).
     */
    public boolean hasHardwareCounterpart() {
        return !(wordWidth == 8 && maxZeroRun >= 128);
    }

    /** Worst-case ZNZ length in bits for n words (alternating zero and non-zero words). */
    public long maxZnzBits(long n) {
        return n + ((n + 1) / 2) * zeroRunBits();
    }

    /** Worst-case BPC length in bits for n words: every plane a raw 1+(N-1)-bit symbol. */
    public long maxBpcBits(long n) {
        long blocks = (n + blockSize - 1) / blockSize;
        return blocks * (wordWidth + (long) (wordWidth + 1) * blockSize);
    }

    @Override
    public String toString() {
        return "W=" + wordWidth + " N=" + blockSize + " Z=" + maxZeroRun;
    }
}
