package org.ebpc.kernel.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ebpc.EbpcParams;
import org.ebpc.bits.BitWriter;

/**
 * Writes the ZNZ stream from 64-word non-zero masks, 8 words (one mask byte) at a time: the
 * zero run carried in is closed by one symbol, and a table gives the bits of the byte from
 * its first to its last non-zero word. Zeros after the last non-zero word carry on.
 *
 * <p>It packs its bits itself, as BitWriter does (MSB first, one 8-byte store a field, zero
 * bits after the last), with the stream's state in locals for a whole 64-word chunk, one
 * room check a chunk and no masking of fields that are already clean: through
 * BitWriter.write's fields the writer alone ran 1.18-1.33x slower (docs/PERFORMANCE.md). The
 * last run and the finished stream go through a BitWriter that continues the stream.
 */
final class ZnzWriter {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Bytes a chunk may write before the next room check: 64 symbols of up to 9 bits, a closing run symbol, the store. */
    private static final int CHUNK_ROOM = 96;

    private final int maxRun;
    private final int symbolBits; // 1 + log2(Z)
    /** By mask byte, or by 16 mask bits for the hardware's Z = 16: see middleTable. */
    private final long[] middle;

    private final int width; // mask bits a middle lookup takes: 8 or 16
    private long run; // zeros seen and not yet written
    private final int runShift; // log2(Z)
    private final FullRuns full;
    // The stream: whole bytes in buf[0, pos), then the low `pending` bits of acc (0..7).
    private byte[] buf;
    private int pos;
    private long acc;
    private int pending;

    ZnzWriter(EbpcParams p, int n) {
        // typical size; the writer grows for worse
        long bytes = Math.min((n + n / 4 + 1024L) / 8 + CHUNK_ROOM, Integer.MAX_VALUE - 64);
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
     * Z = 16 (the hardware's) by 16 mask bits: 512 KB, built once; half the lookups and writes
     * of the byte table, for the writer that is a large part of int8 encoding.
     */
    private static final long[] MIDDLE16_Z16 = middleTable(16, 16, 5);

    /** 64 words; bit i of mask set when word i is not zero. */
    void chunk(long mask) {
        if (width == 16) {
            chunkBy(mask, 16, middle); // constant widths: C2 unrolls each loop
        } else {
            chunkBy(mask, 8, middle);
        }
    }

    /** {@link #chunk} by {@code w} mask bits at a time, looking up {@code middle} (of width w). */
    private void chunkBy(long mask, int w, long[] middle) {
        if (mask == 0) { // all zeros (a dead channel): the run goes on
            run += 64;
            return;
        }
        ensureRoom();
        long zeros = run;
        byte[] b = buf;
        int p = pos;
        long a = acc;
        int bits = pending;
        for (int g = 0; g < 64; g += w) {
            int mb = (int) (mask >>> g) & ((1 << w) - 1);
            if (mb == 0) {
                zeros += w;
                continue;
            }
            zeros += Integer.numberOfTrailingZeros(mb);
            if (zeros > maxRun) { // a run longer than one symbol holds: Z-word symbols, FullRuns a field
                long symbols = (zeros - 1) >>> runShift;
                zeros -= symbols << runShift;
                for (; symbols > 0; symbols -= full.count()) {
                    int len = (int) Math.min(symbols, full.count()) * symbolBits;
                    a = a << len | full.pattern() >>> (full.bits() - len); // that many whole symbols
                    bits += len;
                    LONG_BE.set(b, p, a << (64 - bits));
                    p += bits >>> 3;
                    bits &= 7;
                    if (p > b.length - CHUNK_ROOM) {
                        pos = p;
                        ensureRoom();
                        b = buf;
                    }
                }
            }
            int has = (int) (-zeros >>> 63); // 1 if a run ends here
            long mid = middle[mb];
            int midLen = (int) mid & 0xFF;
            long runCode = (zeros - 1) & -has;
            int len = (symbolBits & -has) + midLen; // at least 1: mb has a non-zero word
            a = a << len | runCode << midLen | mid >>> 8;
            bits += len;
            LONG_BE.set(b, p, a << (64 - bits));
            p += bits >>> 3;
            bits &= 7;
            zeros = Integer.numberOfLeadingZeros(mb) - (32 - w);
        }
        run = zeros;
        pos = p;
        acc = a;
        pending = bits;
    }

    /** Writes the zero run the input ends with, less the {@code padding} zeros of the last chunk. */
    BitWriter finish(int padding) {
        BitWriter out = BitWriter.continuing(buf, 8L * pos + pending);
        long zeros = run - padding;
        if (zeros > maxRun) {
            long symbols = (zeros - 1) >>> runShift;
            zeros -= symbols << runShift;
            for (; symbols >= full.count(); symbols -= full.count()) {
                out.write(full.pattern(), full.bits());
            }
            out.write(full.pattern(), (int) symbols * symbolBits); // its low bits: that many whole symbols
        }
        if (zeros > 0) {
            out.write(zeros - 1, symbolBits);
        }
        run = 0;
        return out;
    }

    private void ensureRoom() {
        if (pos > buf.length - CHUNK_ROOM) {
            buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, Integer.MAX_VALUE - 64));
        }
    }
}
