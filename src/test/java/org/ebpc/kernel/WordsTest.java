package org.ebpc.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.TestKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Word arrays: equality of contents, and decoding that writes every word of its output. */
class WordsTest {

    static List<Kernel> kernels() {
        return TestKernels.all();
    }

    @Test
    void contentsAreEqualOnlyForTheSameWidthLengthAndWords() {
        for (int w : new int[] {8, 16, 32}) {
            Words a = Words.allocate(w, 5);
            Words b = Words.allocate(w, 5);
            a.set(3, 7);
            b.set(3, 7);
            assertTrue(Words.contentEquals(a, b), "W=" + w);
            b.set(4, -1);
            assertFalse(Words.contentEquals(a, b), "W=" + w + ", one word differs");
            assertFalse(Words.contentEquals(a, Words.allocate(w, 4)), "W=" + w + ", shorter");
            assertFalse(Words.contentEquals(a, Words.allocate(w == 8 ? 16 : 8, 5)), "W=" + w + ", another width");
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void decodingWritesEveryWordWhateverTheOutputHeld(Kernel k) throws MalformedStreamException {
        for (int w : new int[] {8, 16, 32}) {
            EbpcParams p = new EbpcParams(w, 8, 16);
            Words in = Words.allocate(w, 300);
            for (int i = 0; i < in.length(); i++) {
                in.set(i, i % 40 < 25 ? 0 : i); // long zero runs between non-zero words
            }
            EncodedStreams s = k.encode(p, in);
            Words out = Words.allocate(w, in.length());
            for (int i = 0; i < out.length(); i++) {
                out.set(i, 0x55);
            }
            k.decode(p, s.znz(), s.bpc(), out);
            assertTrue(Words.contentEquals(in, out), k.name() + " W=" + w);
        }
    }
}
