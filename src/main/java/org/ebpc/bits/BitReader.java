package org.ebpc.bits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.ebpc.MalformedStreamException;

/**
 * Reads bit fields MSB first from a byte array: the only place that unpacks bits for the
 * decoders. Every read is bounds-checked against the stream's end and fails with a
 * {@link MalformedStreamException} naming the stream and the bit offset.
 */
public final class BitReader {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final long limit; // bits in the stream
    private final MalformedStreamException.Stream stream;
    private long bitPos;

    public BitReader(byte[] buf, MalformedStreamException.Stream stream) {
        this.buf = buf;
        this.limit = (long) buf.length * 8;
        this.stream = stream;
    }

    /** Current position in bits from the start of the stream. */
    public long position() {
        return bitPos;
    }

    /** Bits left before the end of the stream. */
    public long remaining() {
        return limit - bitPos;
    }

    /** Reads {@code len} bits (0..57) as an unsigned value. */
    public long read(int len) throws MalformedStreamException {
        if (len > remaining()) {
            throw error("stream ends after " + limit + " bits, " + len + " more needed");
        }
        long v = peek(len);
        bitPos += len;
        return v;
    }

    /** Reads one bit. */
    public int readBit() throws MalformedStreamException {
        return (int) read(1);
    }

    /**
     * The next {@code len} bits (0..57) without consuming them; bits past the end read as zero.
     */
    public long peek(int len) {
        if (len == 0) {
            return 0;
        }
        int byteIdx = (int) (bitPos >>> 3);
        int shift = (int) (bitPos & 7);
        long window;
        if (byteIdx + 8 <= buf.length) {
            window = (long) LONG_BE.get(buf, byteIdx);
        } else {
            window = 0;
            for (int i = 0; i < 8; i++) { // 64 bits from byteIdx, zeros past the end
                int b = byteIdx + i < buf.length ? buf[byteIdx + i] & 0xFF : 0;
                window = (window << 8) | b;
            }
        }
        return (window << shift) >>> (64 - len);
    }

    /**
     * Checks that what is left is zero padding shorter than one {@code unitBits}-bit word and
     * that the stream is a whole number of such words.
     */
    public void expectPaddingOnly(int unitBits, String what) throws MalformedStreamException {
        if (limit % unitBits != 0) {
            throw new MalformedStreamException(
                    stream,
                    limit,
                    "stream is " + (limit / 8) + " bytes, not a whole number of " + unitBits + "-bit words");
        }
        long left = remaining();
        if (left >= unitBits) {
            throw error(left + " bits left after " + what + ", more than the padding of one " + unitBits + "-bit word");
        }
        if (peek((int) left) != 0) { // peek(0) is 0: no padding is all zero
            throw error("padding after " + what + " is not all zero");
        }
    }

    /**
     * For decoders that keep their bit position in a local: a copy of the stream with 32 zero
     * bytes after it, so that {@link #window} may read a little past the end.
     */
    public static byte[] padded(byte[] stream) {
        return java.util.Arrays.copyOf(stream, stream.length + 32);
    }

    /**
     * The 57+ bits at {@code bitPos} of a {@link #padded} stream, left-aligned in a long; the
     * caller keeps bitPos within the stream plus 24 bytes.
     */
    public static long window(byte[] padded, long bitPos) {
        return (long) LONG_BE.get(padded, (int) (bitPos >>> 3)) << (bitPos & 7);
    }

    /** Moves to {@code bitPos}, which a decoder reached with {@link #window}. */
    public void seek(long bitPos) throws MalformedStreamException {
        if (bitPos > limit) {
            throw error("stream ends after " + limit + " bits, " + (bitPos - this.bitPos) + " more needed");
        }
        this.bitPos = bitPos;
    }

    /** An exception at the current position. */
    public MalformedStreamException error(String reason) {
        return new MalformedStreamException(stream, bitPos, reason);
    }

    /** An exception at a given position. */
    public MalformedStreamException errorAt(long pos, String reason) {
        return new MalformedStreamException(stream, pos, reason);
    }
}
