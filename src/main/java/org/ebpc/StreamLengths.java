package org.ebpc;

/**
 * Where an encoding into a caller's buffer put its two streams: the ZNZ stream's
 * {@code znzBytes} bytes first, then the BPC stream's {@code bpcBytes}, each padded to whole
 * W-bit words as the hardware emits them. What a decoder needs back, with the buffer.
 *
 * @param words    n, the number of words coded (not part of either stream)
 * @param znzBytes the ZNZ stream's padded length in bytes
 * @param znzBits  the ZNZ stream's length in bits before padding
 * @param bpcBytes the BPC stream's padded length in bytes
 * @param bpcBits  the BPC stream's length in bits before padding
 */
public record StreamLengths(int words, int znzBytes, long znzBits, int bpcBytes, long bpcBits) {

    public StreamLengths {
        if (words < 0
                || znzBytes < 0
                || bpcBytes < 0
                || znzBits < 0
                || bpcBits < 0
                || znzBits > 8L * znzBytes
                || bpcBits > 8L * bpcBytes) {
            throw new IllegalArgumentException("impossible stream lengths: " + words + " words, ZNZ " + znzBits
                    + " bits in " + znzBytes + " bytes, BPC " + bpcBits + " bits in " + bpcBytes + " bytes");
        }
    }

    /** Both streams' bytes: what the buffer holds from the offset given. */
    public long bytes() {
        return (long) znzBytes + bpcBytes;
    }
}
