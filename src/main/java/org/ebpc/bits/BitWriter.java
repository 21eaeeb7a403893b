package org.ebpc.bits;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends bit fields MSB first into a growable byte array: what packs bits for the encoders
 * (ZnzWriter's hot loop packs its own the same way and hands them on, see {@link #continuing}). Fewer than 8 bits are ever pending; each write stores the pending bits,
 * left-aligned, with one unaligned 8-byte big-endian store and advances by the whole bytes
 * (no branch per field). The bytes after the last whole byte are therefore always zero
 * padding, and {@link #finish} only trims.
 */
public final class BitWriter {

    /** The longest field one {@link #write} takes. */
    public static final int MAX_FIELD = 56;

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos; // whole bytes written
    private long acc; // the pending bits are its low accBits bits (higher bits are stale)
    private int accBits; // 0..7

    /** @param expectedBits a size hint; with the worst case here the buffer never grows */
    public BitWriter(long expectedBits) {
        long bytes = Math.min(Math.max(expectedBits / 8 + 16, 64), Integer.MAX_VALUE - 64);
        buf = new byte[(int) bytes];
    }

    /**
     * A writer into a reused buffer (e.g. per thread), grown if needed: only bytes it writes are
     * read back ({@link #finish} copies the stream out), so old contents do not matter.
     */
    public BitWriter(byte[] reuse, long expectedBits) {
        long bytes = Math.min(Math.max(expectedBits / 8 + 16, 64), Integer.MAX_VALUE - 64);
        buf = reuse.length >= bytes ? reuse : new byte[(int) bytes];
    }

    /**
     * A writer that goes on with the stream held by the first {@code bitLength} bits of {@code
     * buf}, which another packer left as this class leaves its own (MSB first, zero bits after
     * them): ZnzWriter packs its hot loop's bits with its state in locals and hands them on.
     */
    public static BitWriter continuing(byte[] buf, long bitLength) {
        int pending = (int) bitLength & 7;
        int whole = (int) (bitLength >>> 3);
        return new BitWriter(buf, whole, pending == 0 ? 0 : (buf[whole] & 0xFF) >>> (8 - pending), pending);
    }

    private BitWriter(byte[] buf, int pos, long acc, int accBits) {
        this.buf = buf;
        this.pos = pos;
        this.acc = acc;
        this.accBits = accBits;
    }

    /** The buffer now in use (grown or not), to reuse for the next stream. */
    public byte[] buffer() {
        return buf;
    }

    /** Appends the low {@code len} bits of {@code value}, most significant first; 0 {@literal <=} len {@literal <=} 56. */
    public void write(long value, int len) {
        if (pos > buf.length - 8) {
            grow();
        }
        acc = (acc << len) | (value & ((1L << len) - 1));
        int bits = accBits + len;
        if (bits > 0) {
            LONG_BE.set(buf, pos, acc << (64 - bits));
        }
        pos += bits >>> 3;
        accBits = bits & 7;
    }

    /**
     * Appends two fields for each of {@code count} blocks, as that many {@link #write} calls
     * would: block b's fields are fields[b] (fields[stride + b] bits), then fields[2 * stride + b]
     * (fields[3 * stride + b] bits), the layout an encoder's vector lanes store. Unlike write's,
     * a field here must hold no bits above its length: the lanes build them clean, and the mask
     * per field cost the int8 encoder 4-8% (docs/PERFORMANCE.md). The writer's state stays in
     * registers for the batch instead of going through this object's fields.
     */
    public void writeBlocks(long[] fields, int stride, int count) {
        while (pos > buf.length - 16 * count - 8) {
            grow();
        }
        byte[] b = buf;
        long a = acc;
        int p = pos;
        int pending = accBits;
        for (int i = 0; i < count; i++) {
            for (int f = 0; f < 4; f += 2) {
                int len = (int) fields[(f + 1) * stride + i];
                a = (a << len) | fields[f * stride + i];
                int bits = pending + len;
                LONG_BE.set(b, p, a << (63 - bits) << 1); // bits = 0: zeros, not the stale bits of a
                p += bits >>> 3;
                pending = bits & 7;
            }
        }
        acc = a;
        pos = p;
        accBits = pending;
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
        // The last store wrote the pending bits and 7 zero bytes after them, which covers the
        // padding (less than one 32-bit word); with no store at all the stream is empty.
        return Arrays.copyOf(buf, paddedBytes(unitBits));
    }

    /** The length of what {@link #finish} returns. */
    public int paddedBytes(int unitBits) {
        return (int) ((bitLength() + unitBits - 1) / unitBits * unitBits / 8);
    }

    /** Copies what {@link #finish} returns into {@code out} at byte {@code at}. */
    public void finishInto(int unitBits, MemorySegment out, long at) {
        MemorySegment.copy(buf, 0, out, ValueLayout.JAVA_BYTE, at, paddedBytes(unitBits));
    }

    private void grow() {
        if (buf.length >= Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("stream longer than 2 GiB");
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, Integer.MAX_VALUE - 64));
    }
}
