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
 * zstd (zstd-jni), lz4 (lz4-java, fast mode), deflate (java.util.zip) and bitshuffle + lz4
 * (the bitshuffle C library through snappy-java's JNI, then lz4-java).
 */
public interface Baseline {

    String name();

    byte[] compress(byte[] in);

    /** Decompresses into exactly {@code originalLength} bytes. */
    byte[] decompress(byte[] compressed, int originalLength);

    /** The peers every benchmark shows: zstd -1, zstd -3, lz4 fast, deflate -1, bitshuffle + lz4 on words of this size. */
    static List<Baseline> standard(int wordBytes) {
        return List.of(zstd(1), zstd(3), lz4(), deflate(1), bitshuffleLz4(wordBytes));
    }

    /**
     * Bitshuffle (bit planes of blocks of words, the transposition EBPC also does) then lz4 fast,
     * the pairing of HDF5's bitshuffle filter. snappy-java's JNI call needs direct buffers: the
     * two copies in and out of them are counted. Not thread-safe (it keeps its buffers).
     */
    static Baseline bitshuffleLz4(int wordBytes) {
        org.xerial.snappy.BitShuffleType type = switch (wordBytes) {
            case 1 -> org.xerial.snappy.BitShuffleType.BYTE;
            case 2 -> org.xerial.snappy.BitShuffleType.SHORT;
            case 4 -> org.xerial.snappy.BitShuffleType.INT;
            default -> throw new IllegalArgumentException("bitshuffle: words of 1, 2 or 4 bytes, not " + wordBytes);
        };
        Baseline lz4 = lz4();
        return new Baseline() {
            private java.nio.ByteBuffer from = java.nio.ByteBuffer.allocateDirect(0);
            private java.nio.ByteBuffer to = java.nio.ByteBuffer.allocateDirect(0);

            public String name() {
                return "bitshuffle+lz4";
            }

            /** Bitshuffles (or, with {@code back}, unshuffles) whole words; a partial last word stays as it is. */
            private byte[] shuffle(byte[] in, boolean back) {
                if (from.capacity() < in.length) {
                    from = java.nio.ByteBuffer.allocateDirect(in.length);
                    to = java.nio.ByteBuffer.allocateDirect(in.length);
                }
                int whole = in.length - in.length % wordBytes;
                from.clear().put(in, 0, whole).flip();
                to.clear();
                try {
                    if (back) {
                        org.xerial.snappy.BitShuffle.unshuffle(from, type, to);
                    } else {
                        org.xerial.snappy.BitShuffle.shuffle(from, type, to);
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("bitshuffle: " + e.getMessage(), e);
                }
                byte[] out = new byte[in.length];
                to.get(0, out, 0, whole);
                System.arraycopy(in, whole, out, whole, in.length - whole); // the partial last word
                return out;
            }

            public byte[] compress(byte[] in) {
                return lz4.compress(shuffle(in, false));
            }

            public byte[] decompress(byte[] compressed, int originalLength) {
                return shuffle(lz4.decompress(compressed, originalLength), true);
            }
        };
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
