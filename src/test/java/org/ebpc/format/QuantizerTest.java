package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpc.io.Npy;
import org.junit.jupiter.api.Test;

/** The paper's quantization and the word values it starts from, for every dtype. */
class QuantizerTest {

    private static byte[] le(int bytes, long... words) {
        ByteBuffer b = ByteBuffer.allocate(bytes * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            switch (bytes) {
                case 1 -> b.put((byte) w);
                case 2 -> b.putShort((short) w);
                default -> b.putInt((int) w);
            }
        }
        return b.array();
    }

    @Test
    void everyDtypesWordsHaveTheirValues() {
        assertArrayEquals(new double[] {-1, 5}, Quantizer.values(le(1, 0xFF, 5), Npy.Dtype.INT8));
        assertArrayEquals(new double[] {255, 5}, Quantizer.values(le(1, 0xFF, 5), Npy.Dtype.UINT8));
        assertArrayEquals(new double[] {-2, 300}, Quantizer.values(le(2, 0xFFFE, 300), Npy.Dtype.INT16));
        assertArrayEquals(new double[] {65534, 300}, Quantizer.values(le(2, 0xFFFE, 300), Npy.Dtype.UINT16));
        assertArrayEquals(
                new double[] {-2.5, 65504}, Quantizer.values(le(2, 0xC100, 0x7BFF), Npy.Dtype.FLOAT16), "float16");
        assertArrayEquals(
                new double[] {-2.5, 1.0}, Quantizer.values(le(2, 0xC020, 0x3F80), Npy.Dtype.BFLOAT16), "bfloat16");
        assertArrayEquals(new double[] {-3, 70000}, Quantizer.values(le(4, -3, 70000), Npy.Dtype.INT32));
        assertArrayEquals(new double[] {4294967293.0, 70000}, Quantizer.values(le(4, -3, 70000), Npy.Dtype.UINT32));
        assertArrayEquals(
                new double[] {-2.5, 0.5},
                Quantizer.values(le(4, Float.floatToIntBits(-2.5f), Float.floatToIntBits(0.5f)), Npy.Dtype.FLOAT32));
    }

    @Test
    void int16WordsComeBackAsTheirValueTimesTheScale() {
        byte[] ints = le(2, -300, 2, 32767);
        byte[] f32 = Quantizer.dequantize(ints, Npy.Dtype.INT16, Npy.Dtype.FLOAT32, 0.5);
        assertArrayEquals(new double[] {-150, 1, 16383.5}, Quantizer.values(f32, Npy.Dtype.FLOAT32));
        byte[] f16 = Quantizer.dequantize(le(1, -4, 6), Npy.Dtype.INT8, Npy.Dtype.FLOAT16, 0.25);
        assertArrayEquals(new double[] {-1, 1.5}, Quantizer.values(f16, Npy.Dtype.FLOAT16));
        assertEquals(6, Quantizer.dequantize(le(2, 1, 2, 3), Npy.Dtype.INT16, Npy.Dtype.BFLOAT16, 1).length);
    }
}
