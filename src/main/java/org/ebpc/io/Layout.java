package org.ebpc.io;

import java.util.Locale;
import org.ebpc.kernel.Words;

/**
 * The memory order of a 4-D feature map. EBPC gains from spatial neighbours being adjacent
 * words, so channels-first (PyTorch's NCHW) codes far better than channels-last (TensorFlow's
 * NHWC). These transpositions are exact permutations of the words.
 */
public enum Layout {
    NCHW,
    NHWC;

    public static Layout parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layout must be nchw or nhwc, not '" + s + "'");
        }
    }

    /** The words of a tensor of {@code shape} (in this layout) rearranged into layout {@code to}. */
    public Words convert(Words w, long[] shape, Layout to) {
        if (to == this) {
            return w;
        }
        if (shape.length != 4) {
            throw new IllegalArgumentException(
                    "a layout change needs a 4-D tensor, not shape " + java.util.Arrays.toString(shape));
        }
        int n = (int) shape[0];
        int a = (int) shape[1];
        int b = (int) shape[2];
        int c = (int) shape[3];
        Words out = Words.allocate(w.width(), w.length());
        // NCHW (n, a=C, b=H, c=W) -> NHWC, or NHWC (n, a=H, b=W, c=C) -> NCHW: both move axis 1 last or axis 3 first.
        int i = 0;
        for (int s = 0; s < n; s++) {
            long base = (long) s * a * b * c;
            if (this == NCHW) { // in[s][ch][y][x] -> out[s][y][x][ch]
                for (int ch = 0; ch < a; ch++) {
                    for (int yx = 0; yx < b * c; yx++) {
                        out.set((int) (base + (long) yx * a + ch), w.get(i++));
                    }
                }
            } else { // in[s][y][x][ch] -> out[s][ch][y][x]
                for (int yx = 0; yx < a * b; yx++) {
                    for (int ch = 0; ch < c; ch++) {
                        out.set((int) (base + (long) ch * a * b + yx), w.get(i++));
                    }
                }
            }
        }
        return out;
    }

    /** The shape of the same tensor in layout {@code to}. */
    public long[] shape(long[] shape, Layout to) {
        if (to == this || shape.length != 4) {
            return shape;
        }
        return this == NCHW
                ? new long[] {shape[0], shape[2], shape[3], shape[1]}
                : new long[] {shape[0], shape[3], shape[1], shape[2]};
    }
}
