package org.ebpc;

import java.util.Arrays;

/**
 * The two streams of an encoded word sequence, as the hardware emits them: MSB-first bits,
 * each zero-padded to a whole number of W-bit words.
 *
 * @param params  the parameters they were coded with
 * @param words   n, the number of input words (not part of either stream)
 * @param znz     the ZNZ stream bytes, padded
 * @param znzBits the ZNZ stream's length in bits before padding
 * @param bpc     the BPC stream bytes, padded
 * @param bpcBits the BPC stream's length in bits before padding
 */
public record EncodedStreams(EbpcParams params, long words, byte[] znz, long znzBits, byte[] bpc, long bpcBits) {

    /** Raw size over the size of both padded streams: the EBPC paper's compression ratio. */
    public double ratio() {
        long out = (long) znz.length + bpc.length;
        return out == 0 ? 1.0 : (double) (words * params.bytesPerWord()) / out;
    }

    /** Their lengths, as an encoding into a caller's buffer reports them. */
    public StreamLengths lengths() {
        return new StreamLengths(Math.toIntExact(words), znz.length, znzBits, bpc.length, bpcBits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedStreams s
                && params.equals(s.params)
                && words == s.words
                && znzBits == s.znzBits
                && bpcBits == s.bpcBits
                && Arrays.equals(znz, s.znz)
                && Arrays.equals(bpc, s.bpc);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * params.hashCode() + Arrays.hashCode(znz)) + Arrays.hashCode(bpc);
    }

    @Override
    public String toString() {
        return "EncodedStreams[" + params + ", words=" + words + ", znzBits=" + znzBits + ", bpcBits=" + bpcBits + "]";
    }
}
