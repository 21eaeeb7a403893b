package org.ebpc.baseline;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * A general-purpose compressor to measure EBPC against, through its well-kept Java library:
 * zstd (zstd-jni), lz4 (lz4-java, fast mode) and deflate (java.util.zip).
 */
public interface Baseline {

    String name();

    byte[] compress(byte[] in);

    /** Decompresses into exactly {@code originalLength} bytes. */
    byte[] decompress(byte[] compressed, int originalLength);

    /** The peers every benchmark shows: zstd -1, zstd -3, lz4 fast, deflate -1. */
    static List<Baseline> standard() {
        return List.of(zstd(1), zstd(3), lz4(), deflate(1));
    }

    static Baseline zstd(int level) {
        return new Baseline() {
            public String name() {
                return "zstd -" + level;
            }

            public byte[] compress(byte[] in) {
                return Zstd.compress(in, level);
            }

            public byte[] decompress(byte[] c, int originalLength) {
                byte[] out = new byte[originalLength];
                long n = Zstd.decompress(out, c);
                if (Zstd.isError(n) || n != originalLength) {
                    throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
                }
                return out;
            }
        };
    }

    static Baseline lz4() {
        LZ4Factory f = LZ4Factory.fastestInstance();
        LZ4Compressor c = f.fastCompressor();
        LZ4FastDecompressor d = f.fastDecompressor();
        return new Baseline() {
            public String name() {
                return "lz4";
            }

            public byte[] compress(byte[] in) {
                return c.compress(in);
            }

            public byte[] decompress(byte[] compressed, int originalLength) {
                return d.decompress(compressed, originalLength);
            }
        };
    }

    static Baseline deflate(int level) {
        return new Baseline() {
            public String name() {
                return "deflate -" + level;
            }

            public byte[] compress(byte[] in) {
                Deflater d = new Deflater(level, true);
                try {
                    d.setInput(in);
                    d.finish();
                    byte[] out = new byte[in.length + in.length / 1000 + 64];
                    int n = 0;
                    while (!d.finished()) {
                        if (n == out.length) {
                            out = Arrays.copyOf(out, out.length * 2);
                        }
                        n += d.deflate(out, n, out.length - n);
                    }
                    return Arrays.copyOf(out, n);
                } finally {
                    d.end();
                }
            }

            public byte[] decompress(byte[] compressed, int originalLength) {
                Inflater inf = new Inflater(true);
                try {
                    inf.setInput(compressed);
                    byte[] out = new byte[originalLength];
                    int n = 0;
                    while (n < originalLength && !inf.finished()) {
                        int k = inf.inflate(out, n, originalLength - n);
                        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                            break;
                        }
                        n += k;
                    }
                    if (n != originalLength) {
                        throw new IllegalStateException("deflate: " + n + " of " + originalLength + " bytes");
                    }
                    return out;
                } catch (DataFormatException e) {
                    throw new IllegalStateException("deflate: " + e.getMessage(), e);
                } finally {
                    inf.end();
                }
            }
        };
    }
}
