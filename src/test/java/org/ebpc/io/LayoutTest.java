package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ebpc.kernel.Words;
import org.junit.jupiter.api.Test;

class LayoutTest {

    @Test
    void nchwToNhwcAndBackIsExact() {
        long[] nchw = {2, 3, 4, 5};
        Words w = Words.allocate(16, 120);
        for (int i = 0; i < 120; i++) {
            w.set(i, i);
        }
        Words nhwc = Layout.NCHW.convert(w, nchw, Layout.NHWC);
        // element (n=1, c=2, y=3, x=4): NCHW index 1*60+2*20+3*5+4 = 119; NHWC index ((1*4+3)*5+4)*3+2 = 119.
        // element (n=0, c=1, y=0, x=0): NCHW 20 -> NHWC 1.
        assertEquals(20, nhwc.get(1));
        assertEquals(119, nhwc.get(119));
        assertEquals(1, nhwc.get(3), "(0,0,0,1) of NHWC is channel 0, x=1: NCHW index 1");
        long[] shape = Layout.NCHW.shape(nchw, Layout.NHWC);
        assertArrayEquals(new long[] {2, 4, 5, 3}, shape);
        Words back = Layout.NHWC.convert(nhwc, shape, Layout.NCHW);
        assertTrue(Words.contentEquals(w, back));
    }

    @Test
    void theShapeStaysInItsOwnLayoutAndOutsideFourDimensions() {
        long[] nchw = {2, 3, 4, 5};
        assertArrayEquals(nchw, Layout.NCHW.shape(nchw, Layout.NCHW));
        assertArrayEquals(new long[] {2, 5, 3, 4}, Layout.NHWC.shape(nchw, Layout.NCHW));
        long[] flat = {7, 8, 9};
        assertArrayEquals(flat, Layout.NCHW.shape(flat, Layout.NHWC), "not a feature map: as it is");
    }
}
