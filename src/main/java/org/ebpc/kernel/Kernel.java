package org.ebpc.kernel;

import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;

/**
 * The hot loops of EBPC behind one interface, as in Lucene's vectorization support: a plain
 * scalar reference ({@link ScalarKernel}, the executable specification) and a Vector API
 * implementation that must agree with it bit for bit. Both are stateless and thread-safe.
 */
public interface Kernel {

    /** "scalar" or "vector". */
    String name();

    /** Encodes all words of {@code in}; {@code in.width()} equals {@code p.wordWidth()}. */
    EncodedStreams encode(EbpcParams p, Words in);

    /**
     * Decodes {@code out.length()} words from the two padded streams into {@code out}. Any
     * stream that is not the canonical encoding of exactly that many words is rejected.
     */
    void decode(EbpcParams p, byte[] znz, byte[] bpc, Words out) throws MalformedStreamException;
}
