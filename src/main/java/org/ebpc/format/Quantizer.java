package org.ebpc.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpc.io.Npy;

/**
 * The EBPC paper's fixed-point quantization of float tensors, per tensor: q = trunc(x / (0.75 m)
 * x Q), clipped to the integer range, where m = max |x| and Q = 127 (int8) or 32767 (int16).
 * Lossy and opt-in (--quantize); the scale 0.75 m / Q is stored so floats come back as q x scale.
 */
public final class Quantizer {

    private Quantizer() {}

    /** Quantized words (little-endian int8 or int16) and the scale that gives them back: x ~ q x scale. */
    public record Quantized(byte[] words, double scale) {}

    /** The quantized words of {@code floats} and their scale. */
    public static Quantized quantize(byte[] floats, Npy.Dtype from, Npy.Dtype to) {
        if (!from.isFloat()) {
            throw new IllegalArgumentException("--quantize takes float input, not " + from.label);
        }
        return quantize(values(floats, from), to);
    }

    /** The quantized words of the values {@code x} and their scale. */
    public static Quantized quantize(double[] x, Npy.Dtype to) {
        double max = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int top = to == Npy.Dtype.INT8 ? 127 : 32767;
        double s = max == 0 ? 1.0 : 0.75 * max / top;
        ByteBuffer out = ByteBuffer.allocate(x.length * to.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : x) {
            long q = Double.isNaN(v) ? 0 : (long) Math.max(-top - 1, Math.min(top, v / s)); // truncation toward zero
            if (to == Npy.Dtype.INT8) {
                out.put((byte) q);
            } else {
                out.putShort((short) q);
            }
        }
        return new Quantized(out.array(), s);
    }

    /** The floats q x scale, in {@code to}'s encoding, of little-endian integer words {@code ints}. */
    public static byte[] dequantize(byte[] ints, Npy.Dtype from, Npy.Dtype to, double scale) {
        int n = ints.length / from.bytes;
        ByteBuffer in = ByteBuffer.wrap(ints).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(n * to.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            long q = from == Npy.Dtype.INT8 ? in.get(i) : in.getShort(2 * i);
            float x = (float) (q * scale);
            switch (to) {
                case FLOAT16 -> out.putShort(Float.floatToFloat16(x));
                case BFLOAT16 -> out.putShort(toBfloat16(x));
                default -> out.putFloat(x);
            }
        }
        return out.array();
    }

    /** float32 to bfloat16, rounded to nearest, ties to even; NaN stays a (quiet) NaN. */
    public static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) (bits >>> 16 | 0x40);
        }
        return (short) ((bits + 0x7FFF + (bits >>> 16 & 1)) >>> 16);
    }

    /** Every little-endian word's value (integers as themselves; float16 and bfloat16 widen exactly). */
    public static double[] values(byte[] data, Npy.Dtype d) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double[] x = new double[data.length / d.bytes];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (d) {
                case INT8 -> in.get(i);
                case UINT8 -> in.get(i) & 0xFF;
                case INT16 -> in.getShort(2 * i);
                case UINT16 -> in.getShort(2 * i) & 0xFFFF;
                case FLOAT16 -> Float.float16ToFloat(in.getShort(2 * i));
                case BFLOAT16 -> Float.intBitsToFloat((in.getShort(2 * i) & 0xFFFF) << 16);
                case INT32 -> in.getInt(4 * i);
                case UINT32 -> in.getInt(4 * i) & 0xFFFF_FFFFL;
                case FLOAT32 -> in.getFloat(4 * i);
            };
        }
        return x;
    }
}
