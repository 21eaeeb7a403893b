package org.ebpc.hw;

import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.kernel.Words;

/**
 * The modelled hardware's cycles for one stream pair, or why there are none.
 *
 * @param encoder the encoder's cycles ({@link HwCycles.Encoder#NONE} when not counted)
 * @param decoder the decoder's, where the model covers the parameter set
 * @param missing why there are no figures at all, or null
 */
public record HwFigures(HwCycles.Encoder encoder, HwCycles.Decoder decoder, String missing) {

    /** The hardware's word counter holds n-1 in 24 bits. */
    public static final long MAX_WORDS = 1L << 24;

    public static final HwFigures EMPTY = new HwFigures(HwCycles.Encoder.NONE, HwCycles.Decoder.NONE, null);

    /** Why {@code p} and {@code words} words get no modelled figures, or null when they do. */
    public static String unavailable(EbpcParams p, long words) {
        if (!p.hasHardwareCounterpart()) {
            return "no hardware counterpart for " + p + " (the RTL's ZNZ stream differs for W=8, Z>=128)";
        }
        if (words > MAX_WORDS) {
            return "more than 2^24 words in one stream (the hardware's limit)";
        }
        return null;
    }

    /** Models words[from, to) and their streams {@code s}. */
    public static HwFigures of(EbpcParams p, Words words, EncodedStreams s) {
        String why = unavailable(p, words.length());
        if (why != null) {
            return new HwFigures(HwCycles.Encoder.NONE, HwCycles.Decoder.NONE, why);
        }
        HwCycles.Decoder d = DecoderModel.covers(p) ? DecoderModel.run(s) : HwCycles.Decoder.NONE;
        return new HwFigures(EncoderModel.run(words, p), d, null);
    }

    /** Figures of two streams coded one after the other: counted cycles add up. */
    public HwFigures plus(HwFigures o) {
        return new HwFigures(encoder.plus(o.encoder), decoder.plus(o.decoder), missing != null ? missing : o.missing);
    }
}
