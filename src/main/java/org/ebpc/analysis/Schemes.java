package org.ebpc.analysis;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.baseline.Baseline;
import org.ebpc.bits.BitWriter;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * The compressed size, in bits, of one tensor under EBPC and the schemes it is compared with.
 * The feature-map schemes follow their published definitions (docs/ANALYZE.md):
 * <ul>
 * <li>ZVC, zero-value compression: a 1-bit mask per word, then the non-zero words;</li>
 * <li>RLE, zero run-length coding (max run 16): per non-zero word a 4-bit count of the zeros
 *     before it and the word; 16 or more zeros emit (15, 0), which stands for 16 zeros;
 *     trailing zeros are coded the same way;</li>
 * <li>CSC, compressed sparse (max run 16): the non-zero words plus a 4-bit offset each to the
 *     previous one; a gap of more than 15 inserts an explicit zero entry; plus a 32-bit count;</li>
 * <li>BPC (Kim et al.), EBPC's bit-plane coding of all words, zeros included, blocks of N, no
 *     zero stream;</li>
 * <li>ZNZ, EBPC's zero/non-zero stream alone;</li>
 * <li>the general-purpose compressors on the raw little-endian bytes;</li>
 * <li>the empirical entropy of the words (order 0) times n: no coder of independent words does
 *     better.</li>
 * </ul>
 */
public final class Schemes {

    /** Scheme names in table order. */
    public static final List<String> FEATURE_MAP = List.of("EBPC", "ZVC", "RLE", "CSC", "BPC", "ZNZ", "entropy");

    public static final List<String> GENERAL = List.of("zstd -1", "zstd -19", "lz4", "deflate -1");

    private Schemes() {}

    /** How many words are zero. */
    public static long zeros(Words w) {
        long zeros = 0;
        for (int i = 0; i < w.length(); i++) {
            zeros += w.get(i) == 0 ? 1 : 0;
        }
        return zeros;
    }

    /**
     * Bits of the schemes that do not depend on N and Z (ZVC, RLE, CSC, entropy and, with
     * {@code general}, the general-purpose compressors on {@code raw}): computed once per tensor
     * however many parameter sets are swept.
     */
    public static Map<String, Long> independentOfParams(Words w, byte[] raw, long zeros, boolean general) {
        Map<String, Long> bits = new LinkedHashMap<>();
        int width = w.width();
        long n = w.length();
        bits.put("ZVC", n + (n - zeros) * width);
        bits.put("RLE", rle(w, width));
        bits.put("CSC", csc(w, width));
        bits.put("entropy", (long) Math.ceil(entropyBits(w)));
        if (general) {
            for (Baseline b : List.of(Baseline.zstd(1), Baseline.zstd(19), Baseline.lz4(), Baseline.deflate(1))) {
                bits.put(b.name(), 8L * b.compress(raw).length);
            }
        }
        return bits;
    }

    /**
     * Bits under each scheme for one tensor and parameter set: EBPC's from {@code streams} (both
     * padded, the paper's measure), plain BPC and ZNZ for these parameters, plus {@code independent}.
     */
    public static Map<String, Long> sizes(
            EbpcParams p, Words w, EncodedStreams streams, Map<String, Long> independent) {
        Map<String, Long> bits = new LinkedHashMap<>();
        bits.put("EBPC", 8L * (streams.znz().length + streams.bpc().length));
        bits.put("BPC", bpcOfAllWords(p, w));
        bits.put("ZNZ", streams.znzBits());
        bits.putAll(independent);
        return bits;
    }

    static long rle(Words w, int width) {
        long bits = 0;
        int zeros = 0;
        for (int i = 0; i < w.length(); i++) {
            if (w.get(i) == 0) {
                if (++zeros == 16) { // (15, 0): fifteen zeros, then the zero itself
                    bits += 4 + width;
                    zeros = 0;
                }
            } else {
                bits += 4 + width;
                zeros = 0;
            }
        }
        if (zeros > 0) { // trailing zeros: (zeros-1, 0)
            bits += 4 + width;
        }
        return bits;
    }

    static long csc(Words w, int width) {
        long entries = 0;
        int gap = 0;
        for (int i = 0; i < w.length(); i++) {
            if (w.get(i) != 0) {
                entries++;
                gap = 0;
            } else if (++gap == 16) { // offset would overflow 4 bits: an explicit zero entry
                entries++;
                gap = 0;
            }
        }
        return 32 + entries * (width + 4);
    }

    /** BPC of every word (zeros included), blocks of N padded with zeros, no zero stream. */
    static long bpcOfAllWords(EbpcParams p, Words w) {
        BitWriter out = new BitWriter(1024);
        long total = 0;
        long[] block = new long[p.blockSize()];
        for (int i = 0; i < w.length(); i += block.length) {
            for (int j = 0; j < block.length; j++) {
                block[j] = i + j < w.length() ? w.get(i + j) : 0;
            }
            ScalarKernel.encodeBlock(p, block, out);
            if (out.bitLength() > 1 << 20) {
                total += out.bitLength();
                out = new BitWriter(1024);
            }
        }
        return total + out.bitLength();
    }

    static double entropyBits(Words w) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < w.length(); i++) {
            counts.merge(w.get(i), 1, Integer::sum);
        }
        double n = w.length();
        double h = 0;
        for (int c : counts.values()) {
            h -= c * (Math.log(c / n) / Math.log(2));
        }
        return h;
    }
}
