package org.ebpc.bits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends bit fields MSB first into a growable byte array: the only place that packs bits
 * for the encoders. A 64-bit accumulator holds the bits not yet stored; 32 of them are stored
 * at a time.
 */
public final class BitWriter {

    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;        // bytes stored in buf
    private long acc;       // pending bits, right-aligned
    private int accBits;    // how many pending bits (always < 32 between calls)

    /** @param expectedBits a size hint; the buffer grows as needed */
    public BitWriter(long expectedBits) {
        long bytes = Math.min(Math.max(expectedBits / 8 + 16, 64), Integer.MAX_VALUE - 64);
        buf = new byte[(int) bytes];
    }

    /** Appends the low {@code len} bits of {@code value}, most significant first; 0 <= len <= 32. */
    public void write(long value, int len) {
        acc = (acc << len) | (value & ((1L << len) - 1));
        accBits += len;
        if (accBits >= 32) {
            accBits -= 32;
            if (pos + 4 > buf.length) {
                grow();
            }
            INT_BE.set(buf, pos, (int) (acc >>> accBits));
            pos += 4;
        }
    }

    /** Appends {@code count} one-bits. */
    public void writeOnes(long count) {
        while (count > 0) {
            int len = (int) Math.min(count, 32);
            write(-1L, len);
            count -= len;
        }
    }

    /** Number of bits written so far. */
    public long bitLength() {
        return (long) pos * 8 + accBits;
    }

    /**
     * Pads with zero bits to a whole number of {@code unitBits}-bit words and returns the bytes.
     * The writer must not be used afterwards.
     */
    public byte[] finish(int unitBits) {
        long bits = bitLength();
        long padded = (bits + unitBits - 1) / unitBits * unitBits;
        if (padded / 8 > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("stream longer than 2 GiB");
        }
        byte[] out = Arrays.copyOf(buf, (int) (padded / 8));
        int p = pos;
        long a = acc;
        int n = accBits;
        while (n >= 8) {
            n -= 8;
            out[p++] = (byte) (a >>> n);
        }
        if (n > 0) {
            out[p] = (byte) (a << (8 - n));
        }
        return out;
    }

    private void grow() {
        if (buf.length >= Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("stream longer than 2 GiB");
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, Integer.MAX_VALUE - 64));
    }
}
