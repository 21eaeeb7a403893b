package org.ebpc.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpc.format.Quantizer;
import org.ebpc.io.Npy;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static short[] shorts(byte[] le) {
        short[] s = new short[le.length / 2];
        ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    @Test
    void bfloat16RoundsToNearestTiesToEven() {
        float tieDown = Float.intBitsToFloat(0x3F80_8000); // halfway between 0x3F80 and 0x3F81: to the even 0x3F80
        float tieUp = Float.intBitsToFloat(0x3F81_8000); // halfway between 0x3F81 and 0x3F82: to the even 0x3F82
        float above = Float.intBitsToFloat(0x3F80_8001);
        short[] bf = shorts(Formats.convert(
                floats(1f, tieDown, tieUp, above, -2.5f, Float.MAX_VALUE), Npy.Dtype.FLOAT32, Npy.Dtype.BFLOAT16));
        assertArrayEquals(new short[] {0x3F80, 0x3F80, 0x3F82, 0x3F81, (short) 0xC020, 0x7F80}, bf);
        assertTrue(
                Float.isNaN(Float.intBitsToFloat(Quantizer.toBfloat16(Float.intBitsToFloat(0x7F80_0001)) << 16)),
                "a NaN stays a NaN");
    }

    @Test
    void float16RoundsAndWidensExactly() {
        byte[] f32 = floats(1f, 65520f, 1e-8f, 0.1f);
        short[] h = shorts(Formats.convert(f32, Npy.Dtype.FLOAT32, Npy.Dtype.FLOAT16));
        assertArrayEquals(new short[] {Float.floatToFloat16(1f), 0x7C00, 0, Float.floatToFloat16(0.1f)}, h);
        byte[] back = Formats.convert(
                Formats.convert(f32, Npy.Dtype.FLOAT32, Npy.Dtype.FLOAT16), Npy.Dtype.FLOAT16, Npy.Dtype.FLOAT32);
        assertEquals(
                Float.float16ToFloat(Float.floatToFloat16(0.1f)),
                ByteBuffer.wrap(back).order(ByteOrder.LITTLE_ENDIAN).getFloat(12));
    }

    @Test
    void integersThatFitKeepTheirValuesOthersAreQuantized() {
        byte[] i8 = {-128, -1, 0, 1, 127};
        assertArrayEquals(
                new short[] {-128, -1, 0, 1, 127}, shorts(Formats.convert(i8, Npy.Dtype.INT8, Npy.Dtype.INT16)));
        byte[] wide = ByteBuffer.allocate(6)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1000)
                .putShort((short) -500)
                .putShort((short) 3)
                .array();
        // max 1000: scale 0.75 * 1000 / 127; 1000 clips to 127, -500 truncates to -84, 3 to 0
        assertArrayEquals(new byte[] {127, -84, 0}, Formats.convert(wide, Npy.Dtype.INT16, Npy.Dtype.INT8));
        byte[] f = floats(0.5f, -1f, 0.25f);
        assertArrayEquals(
                Quantizer.quantize(f, Npy.Dtype.FLOAT32, Npy.Dtype.INT8).words(),
                Formats.convert(f, Npy.Dtype.FLOAT32, Npy.Dtype.INT8));
    }

    @Test
    void namesAndRefusals() {
        assertEquals(Npy.Dtype.INT16, Formats.parse("fixed16"));
        assertEquals(Npy.Dtype.BFLOAT16, Formats.parse("bf16"));
        assertEquals(Npy.Dtype.FLOAT32, Formats.parse("fp32"));
        assertThrows(IllegalArgumentException.class, () -> Formats.parse("uint8"));
        assertThrows(IllegalArgumentException.class, () -> Formats.parse("int4"));
    }
}
