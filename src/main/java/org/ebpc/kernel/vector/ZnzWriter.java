package org.ebpc.kernel.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ebpc.EbpcParams;
import org.ebpc.bits.BitWriter;

/**
 * Writes the ZNZ stream from 64-word non-zero masks, 8 or 16 words (mask bits) at a time: the
 * zero run carried in is closed by one symbol, and a table gives the bits of the mask bits from
 * their first to their last non-zero word. Zeros after the last non-zero word carry on. The bit
 * packing is this class's own, its state in locals for a whole call of {@link #chunks} (a
 * slice's masks at once), not through a BitWriter's fields for every write: paired A/B of the
 * writer alone, Xeon family 6 model 207, 1.10-1.15x on ReLU int8 and gradients; the int8
 * encoder 1.00x (ReLU) and 1.08-1.10x (gradients). {@link #finish} hands the stream over as a
 * BitWriter.
 */
final class ZnzWriter {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Most bits one mask's 64 words can take: 64 symbols of at most 1 + log2(256) bits, less than that in fact. */
    private static final int MAX_MASK_BYTES = 64 * 9 / 8 + 16;

    private final int maxRun;
    private final int symbolBits;   // 1 + log2(Z)
    /** By mask byte, or by 16 mask bits for the hardware's Z = 16: see middleTable. */
    private final long[] middle;
    private final int width;        // mask bits a middle lookup takes: 8 or 16
    private final int runShift;     // log2(Z)
    private final FullRuns full;
    private byte[] buf;
    private int pos;                // whole bytes written
    private long acc;               // the pending bits are its low `pending` bits
    private int pending;            // 0..7
    private long run;               // zeros seen and not yet written
    private final long[] one = new long[1];

    ZnzWriter(EbpcParams p, int n) {
        long bytes = Math.min((n + n / 4 + 1024) / 8 + 64, Integer.MAX_VALUE - 64);   // typical; grows for worse
        byte[] reuse = StreamBuffers.ZNZ_BUFFER.get();
        buf = reuse.length >= bytes ? reuse : new byte[(int) bytes];
        maxRun = p.maxZeroRun();
        symbolBits = 1 + p.zeroRunBits();
        width = maxRun == 16 ? 16 : 8;
        middle = maxRun == 16 ? MIDDLE16_Z16 : middleTable(8, maxRun, symbolBits);
        runShift = p.zeroRunBits();
        full = FullRuns.of(p);
    }

    /**
     * For each pattern of {@code width} mask bits: (code << 8) | length of the ZNZ symbols of
     * the words from its first to its last non-zero word.
     */
    static long[] middleTable(int width, int maxRun, int symbolBits) {
        long[] t = new long[1 << width];
        for (int mb = 1; mb < t.length; mb++) {
            long bits = 0;
            int len = 0;
            int last = 31 - Integer.numberOfLeadingZeros(mb);
            for (int i = Integer.numberOfTrailingZeros(mb); i <= last; ) {
                if ((mb >>> i & 1) != 0) {
                    bits = bits << 1 | 1;
                    len++;
                    i++;
                } else {
                    int zeros = Integer.numberOfTrailingZeros(mb >>> i);
                    for (int left = zeros; left > 0; left -= Math.min(left, maxRun)) {
                        bits = bits << symbolBits | (Math.min(left, maxRun) - 1);
                        len += symbolBits;
                    }
                    i += zeros;
                }
            }
            t[mb] = bits << 8 | len;
        }
        return t;
    }

    /**
     * Z = 16 (the hardware's) by 16 mask bits: 512 KB, built once (about 10 ms); half the
     * lookups and writes of the byte table. The ZNZ writer was 29% of int8 encoding; in-process
     * A/B on the int8 trace, 8 runs: -4% to +14%, median +6.5%, best readings higher in 7.
     */
    private static final long[] MIDDLE16_Z16 = middleTable(16, 16, 5);

    /** 64 words; bit i of mask set when word i is not zero. */
    void chunk(long mask) {
        one[0] = mask;
        chunks(one, 1);
    }

    /** masks[0, count): 64 words each, as {@link #chunk} for each. */
    void chunks(long[] masks, int count) {
        // Room for the masks' symbols and for the Z-word symbols of the run carried in.
        long need = pos + (long) count * MAX_MASK_BYTES + ((run >>> runShift) + 1) * symbolBits / 8 + 64;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 64) {
                throw new IllegalStateException("stream longer than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max(2L * buf.length, need), Integer.MAX_VALUE - 64));
        }
        if (width == 16) {
            chunksBy(masks, count, 16, middle);   // constant widths: C2 unrolls each loop
        } else {
            chunksBy(masks, count, 8, middle);
        }
    }

    /** {@link #chunks} by {@code w} mask bits at a time, looking up {@code middle} (of width w). */
    private void chunksBy(long[] masks, int count, int w, long[] middle) {
        byte[] b = buf;
        long a = acc;
        int p = pos;
        int bits = pending;
        long zeros = run;
        for (int i = 0; i < count; i++) {
            long mask = masks[i];
            for (int g = 0; g < 64; g += w) {
                int mb = (int) (mask >>> g) & ((1 << w) - 1);
                if (mb == 0) {
                    zeros += w;
                    continue;
                }
                zeros += Integer.numberOfTrailingZeros(mb);
                if (zeros > maxRun) {   // rare: a run longer than one symbol holds
                    long symbols = (zeros - 1) >>> runShift;
                    zeros -= symbols << runShift;
                    for (; symbols > 0; symbols -= full.count()) {
                        int len = (int) Math.min(symbols, full.count()) * symbolBits;   // that many whole symbols
                        a = a << len | (full.pattern() & ((1L << len) - 1));
                        bits += len;
                        LONG_BE.set(b, p, a << (64 - bits));
                        p += bits >>> 3;
                        bits &= 7;
                    }
                }
                int has = (int) (-zeros >>> 63);   // 1 if a run ends here
                long mid = middle[mb];
                int midLen = (int) mid & 0xFF;
                int len = (symbolBits & -has) + midLen;
                a = a << len | (((zeros - 1) & -has) << midLen | mid >>> 8);
                bits += len;
                LONG_BE.set(b, p, a << (64 - bits));   // len > 0: mb has a non-zero word
                p += bits >>> 3;
                bits &= 7;
                zeros = Integer.numberOfLeadingZeros(mb) - (32 - w);
            }
        }
        acc = a;
        pos = p;
        pending = bits;
        run = zeros;
    }

    /**
     * Writes the zero run the input ends with, less the {@code padding} zeros of the last chunk,
     * and hands the stream over as a BitWriter (for its bit length and finish).
     */
    BitWriter finish(int padding) {
        long rest = run - padding;
        long symbols = rest > maxRun ? (rest - 1) >>> runShift : 0;
        rest -= symbols << runShift;
        long[] fields = new long[(int) (symbols / full.count()) + 2];
        int[] lengths = new int[fields.length];
        int k = 0;
        for (; symbols > 0; symbols -= full.count()) {
            lengths[k] = (int) Math.min(symbols, full.count()) * symbolBits;
            fields[k++] = full.pattern();
        }
        if (rest > 0) {
            lengths[k] = symbolBits;
            fields[k++] = rest - 1;
        }
        run = 0;
        BitWriter out = BitWriter.resume(buf, 8L * pos + pending);
        for (int i = 0; i < k; i++) {
            out.write(fields[i], lengths[i]);
        }
        return out;
    }
}
