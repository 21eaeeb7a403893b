package org.ebpc.kernel.vector;

import java.util.List;
import org.ebpc.kernel.Kernel.Slice;

/** Walks a chunk's slices two at a time, the last one alone when their count is odd. */
final class SlicePairs {

    private SlicePairs() {}

    /** What is done with slices a and b (b null for the odd one out). */
    interface Pair {
        void decode(Slice a, Slice b) throws Invalid;
    }

    static void each(List<Slice> slices, Pair pair) throws Invalid {
        int i = 0;
        for (; i + 1 < slices.size(); i += 2) {
            pair.decode(slices.get(i), slices.get(i + 1));
        }
        if (i < slices.size()) {
            pair.decode(slices.get(i), null);
        }
    }
}
