package org.ebpc.analysis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.ebpc.format.Quantizer;
import org.ebpc.io.Npy;

/**
 * A tensor's values in another number format, in memory, for {@code ebpc analyze --as}: the
 * paper's question of how EBPC does across formats, answered from one float file. Integer
 * targets: integer values that fit are kept; anything else takes the paper's fixed-point
 * quantization per tensor ({@link Quantizer}). Float targets: each value rounded to nearest,
 * ties to even (bfloat16 from float32's bits, float16 by {@link Float#floatToFloat16}).
 */
public final class Formats {

    /** The formats --as takes, in table order. */
    public static final List<Npy.Dtype> TARGETS =
            List.of(Npy.Dtype.INT8, Npy.Dtype.INT16, Npy.Dtype.FLOAT16, Npy.Dtype.BFLOAT16, Npy.Dtype.FLOAT32);

    private Formats() {}

    /** A format --as takes, by the names users type (int8, i8, fixed16, f16, bf16, fp32, ...). */
    public static Npy.Dtype parse(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        Npy.Dtype d = switch (t) {
            case "fixed8" -> Npy.Dtype.INT8;
            case "fixed16" -> Npy.Dtype.INT16;
            case "fp16", "half" -> Npy.Dtype.FLOAT16;
            case "fp32", "float" -> Npy.Dtype.FLOAT32;
            default -> Npy.Dtype.parse(t);
        };
        if (!TARGETS.contains(d)) {
            throw new IllegalArgumentException("--as takes int8, int16, float16, bfloat16 or float32, not " + s);
        }
        return d;
    }

    /** The little-endian words of {@code data} (of {@code from}) as {@code to}. */
    public static byte[] convert(byte[] data, Npy.Dtype from, Npy.Dtype to) {
        if (from == to) {
            return data;
        }
        double[] x = Quantizer.values(data, from);
        ByteBuffer out = ByteBuffer.allocate(x.length * to.bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (to) {
            case INT8, INT16 -> {
                if (!from.isFloat() && fits(x, to)) {
                    for (double v : x) {
                        putInt(out, to, (long) v);
                    }
                } else {
                    return Quantizer.quantize(x, to).words();
                }
            }
            case FLOAT16 -> {
                for (double v : x) {
                    out.putShort(Float.floatToFloat16((float) v));
                }
            }
            case BFLOAT16 -> {
                for (double v : x) {
                    out.putShort(Quantizer.toBfloat16((float) v));
                }
            }
            case FLOAT32 -> {
                for (double v : x) {
                    out.putFloat((float) v);
                }
            }
            default -> throw new IllegalArgumentException("--as " + to.label + " is not supported");
        }
        return out.array();
    }

    private static boolean fits(double[] x, Npy.Dtype to) {
        long top = to == Npy.Dtype.INT8 ? 127 : 32767;
        for (double v : x) {
            if (v < -top - 1 || v > top) {
                return false;
            }
        }
        return true;
    }

    private static void putInt(ByteBuffer out, Npy.Dtype to, long v) {
        if (to == Npy.Dtype.INT8) {
            out.put((byte) v);
        } else {
            out.putShort((short) v);
        }
    }
}
