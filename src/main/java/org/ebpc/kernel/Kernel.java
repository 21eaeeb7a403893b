package org.ebpc.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.StreamLengths;

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

    /** Encodes words [from, to) of {@code in}, as {@link #encode(EbpcParams, Words)} of a copy of them would. */
    default EncodedStreams encode(EbpcParams p, Words in, int from, int to) {
        return encode(p, Words.copyOfRange(in, from, to));
    }

    /**
     * Encodes words [from, to) of {@code in} into {@code out}: the ZNZ stream at its start, the
     * BPC stream right after it, the bytes {@link #encode(EbpcParams, Words, int, int)} would
     * return. Returns their lengths; if both streams do not fit in {@code out}, nothing is
     * written (the caller reports it). Nothing past the two streams is written.
     */
    default StreamLengths encode(EbpcParams p, Words in, int from, int to, MemorySegment out) {
        EncodedStreams s = encode(p, in, from, to);
        StreamLengths l = s.lengths();
        if (l.bytes() <= out.byteSize()) {
            MemorySegment.copy(s.znz(), 0, out, ValueLayout.JAVA_BYTE, 0, l.znzBytes());
            MemorySegment.copy(s.bpc(), 0, out, ValueLayout.JAVA_BYTE, l.znzBytes(), l.bpcBytes());
        }
        return l;
    }

    /**
     * Decodes {@code count} words into out[at, at + count), as {@link #decode(EbpcParams, byte[],
     * byte[], Words)} into an array of that many words would. On failure, what that range of
     * {@code out} holds is unspecified; the rest of {@code out} is untouched.
     */
    default void decode(EbpcParams p, byte[] znz, byte[] bpc, Words out, int at, int count)
            throws MalformedStreamException {
        Words w = Words.allocate(out.width(), count);
        decode(p, znz, bpc, w);
        Words.copy(w, 0, out, at, count);
    }

    /**
     * Where one slice's streams lie in a shared buffer (byte offsets and lengths) and where its
     * {@code words} words go in the output.
     */
    record Slice(int znzAt, int znzBytes, int bpcAt, int bpcBytes, int outAt, int words) {}

    /** Slice {@code index} of a {@link #decodeSlices} call is not the canonical encoding of its words. */
    final class SliceException extends Exception {
        private final int index;

        public SliceException(int index, MalformedStreamException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }

        public int index() {
            return index;
        }

        @Override
        public synchronized MalformedStreamException getCause() {
            return (MalformedStreamException) super.getCause();
        }
    }

    /**
     * Decodes independent slices, each as {@link #decode(EbpcParams, byte[], byte[], Words, int,
     * int)} would, from streams that lie in {@code buf}, which is readable for 32 bytes past
     * the last of them. A kernel may decode them side by side; this one does one after another.
     */
    default void decodeSlices(EbpcParams p, byte[] buf, List<Slice> slices, Words out) throws SliceException {
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            try {
                decode(
                        p,
                        Arrays.copyOfRange(buf, s.znzAt(), s.znzAt() + s.znzBytes()),
                        Arrays.copyOfRange(buf, s.bpcAt(), s.bpcAt() + s.bpcBytes()),
                        out,
                        s.outAt(),
                        s.words());
            } catch (MalformedStreamException e) {
                throw new SliceException(i, e);
            }
        }
    }
}
