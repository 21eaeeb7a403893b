package org.ebpc.kernel.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Scalar bit tricks on 64-bit words shared by the block readers (SWAR: one byte lane per plane). */
final class Swar {

    private Swar() {}

    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final long LOW7_BYTES = 0x00FF_FFFF_FFFF_FFFFL;

    /**
     * The length of the symbol at the top of {@code bits} (W = 8), from its leading zeros alone:
     * 1xxxxxxx 8, 01 2, 001rrr 6, 0001xppp 8, 0000x 5. Shorter than the table lookup, and this is
     * the serial chain of the decoder.
     */
    static int symbolLength8(long bits) {
        return (int) (0x58628L >>> (Long.numberOfLeadingZeros(bits | 1L << 59) << 2)) & 0xF;
    }

    /** {@link #symbolLength8} for W = 16, whose run symbols are `001` + 4 bits. */
    static int symbolLength16(long bits) {
        return (int) (0x58728L >>> (Long.numberOfLeadingZeros(bits | 1L << 59) << 2)) & 0xF;
    }

    /**
     * The eight 7-bit fields of {@code x} (bits 7k..7k+6) moved to bytes k: what
     * {@code Long.expand(x, 0x7F7F7F7F7F7F7F7FL)} gives, by three shift-and-mask steps, fast on
     * every CPU (PDEP is microcoded on AMD before Zen 3).
     */
    static long spread7(long x) {
        x = (x & 0x0FFF_FFFFL) | ((x & 0x00FF_FFFF_F000_0000L) << 4);
        x = (x & 0x0000_3FFF_0000_3FFFL) | ((x & 0x0FFF_C000_0FFF_C000L) << 2);
        return (x & 0x007F_007F_007F_007FL) | ((x & 0x3F80_3F80_3F80_3F80L) << 1);
    }

    /**
     * P_k = X_k ^ P_{k-1} over the 8 bytes of {@code x}, starting from {@code carry}, with
     * P_k = 0 where bit k of {@code resets} is set (its X byte is 0): the prefix XOR q, minus
     * q at the last reset at or before each byte, filled forward in three doubling steps.
     */
    static long prefixXor(long x, int resets, int carry) {
        long q = bytePrefixXor(x ^ ((resets & 1) != 0 ? 0 : carry));
        long has = Compaction.BYTE_MASK[resets];
        long fill = q & has;
        fill |= (fill << 8) & ~has;
        has |= has << 8;
        fill |= (fill << 16) & ~has;
        has |= has << 16;
        fill |= (fill << 32) & ~has;
        return q ^ fill;
    }

    /** Byte k of the result: the XOR of bytes 0..k of x (planes P_k from X_k with no `00001`). */
    static long bytePrefixXor(long x) {
        x ^= x << 8;
        x ^= x << 16;
        return x ^ x << 32;
    }

    /**
     * 0x80 in each byte of w (a block's symbol bytes, first from the top) that is not a whole
     * 8-bit symbol (raw `1` + X, pair or single `0001` + x), 0 in the others: the leading zero
     * count / 8 is how many whole 8-bit symbols come first.
     */
    static long notWholeSymbols8(long w) {
        long t = (w & 0xF0F0_F0F0_F0F0_F0F0L) ^ 0x1010_1010_1010_1010L; // 0 in the high nibble: `0001`
        long pairOrSingle = ~(((t & 0x7F7F_7F7F_7F7F_7F7FL) + 0x7F7F_7F7F_7F7F_7F7FL) | t) & 0x8080_8080_8080_8080L;
        return ~(w | pairOrSingle) & 0x8080_8080_8080_8080L;
    }

    /** Bit i set where byte i of v (each at most 0x7F) is zero. */
    static int zeroBytes(long v) {
        long z = ~((v + 0x7F7F7F7F7F7F7F7FL) | v) & 0x8080808080808080L;
        return (int) (((z >>> 7) * 0x0102040810204080L) >>> 56);
    }
}
