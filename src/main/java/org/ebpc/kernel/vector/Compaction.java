package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.Species.BYTES;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.ebpc.kernel.BitDeposit;

/**
 * Moves int8 words between their place in the input and the dense run of non-zero words: a
 * vector of words at a time by its mask (VPCOMPRESSB/VPEXPANDB), or 8 at a time by an 8-bit
 * mask, either by PEXT/PDEP ({@code Long.compress}/{@code Long.expand}) or by a byte shuffle
 * from a 256-entry table (PSHUFB, fast on every x86-64 CPU and on ARM's TBL), as
 * {@link BitDeposit} chose at start-up.
 */
final class Compaction {

    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** 8-bit word mask -> 64-bit byte mask. */
    static final long[] BYTE_MASK = new long[256];
    /** For mask m, at 8m: the indices of its set bits in order (compaction's shuffle). */
    private static final byte[] COMPACT = new byte[256 * 8];
    /** For mask m, at 8m: at set bit k, how many set bits lie below k (expansion's shuffle). */
    private static final byte[] EXPAND = new byte[256 * 8];
    /** For mask m, at 8m: 0xFF at set bits, 0 elsewhere (expansion zeroes the other words). */
    private static final byte[] KEEP = new byte[256 * 8];

    static {
        for (int m = 0; m < 256; m++) {
            int rank = 0;
            for (int k = 0; k < 8; k++) {
                if ((m >>> k & 1) != 0) {
                    BYTE_MASK[m] |= 0xFFL << (8 * k);
                    COMPACT[8 * m + rank] = (byte) k;
                    EXPAND[8 * m + k] = (byte) rank;
                    KEEP[8 * m + k] = (byte) 0xFF;
                    rank++;
                }
            }
        }
    }

    /** The mask bits of one vector of BYTES. */
    private static final long LANE_BITS = BYTES.length() == 64 ? -1L : (1L << BYTES.length()) - 1;

    private Compaction() {}

    /** compact8 a vector at a time (the reads of src stay within at + 64, its writes within m + 64). */
    private static int compactLanes(byte[] src, int at, int limit, long mask, byte[] dense, int m) {
        for (int g = 0; g < limit; g += BYTES.length()) {
            long mb = mask >>> g & LANE_BITS;
            ByteVector.fromArray(BYTES, src, at + g)
                    .compress(VectorMask.fromLong(BYTES, mb))
                    .intoArray(dense, m);
            m += Long.bitCount(mb);
        }
        return m;
    }

    /**
     * Appends the non-zero words among src[at, at + limit) (limit at most 64; bit j of
     * {@code mask} set where src[at + j] is not zero) to dense[m...]; returns the new m. Writes
     * up to 8 bytes past the new m; src must have 8-byte groups readable up to at + limit rounded up.
     */
    static int compact8(byte[] src, int at, int limit, long mask, byte[] dense, int m) {
        if (BitDeposit.LANES) {
            return compactLanes(src, at, limit, mask, dense, m);
        }
        for (int g = 0; g < limit; g += 8) {
            int mb = (int) (mask >>> g) & 0xFF;
            if (BitDeposit.FAST) {
                LONG_LE.set(dense, m, Long.compress((long) LONG_LE.get(src, at + g), BYTE_MASK[mb]));
            } else {
                ByteVector.fromArray(B64, COMPACT, 8 * mb)
                        .selectFrom(ByteVector.fromArray(B64, src, at + g))
                        .intoArray(dense, m);
            }
            m += Integer.bitCount(mb);
        }
        return m;
    }

    /**
     * Puts the dense words where the bitmap says into out[at, at + n), zeros elsewhere; every
     * word of that range is written.
     * dense must be readable 8 bytes past its last non-zero word.
     */
    static void expand8(long[] bitmap, byte[] dense, byte[] out, int at, int n) {
        int j = 0;
        int i = 0;
        if (BitDeposit.LANES) {
            int lanes = BYTES.length(); // 16, 32 or 64: a divisor of the bitmap's 64 bits
            for (; i + lanes <= n; i += lanes) {
                long mb = bitmap[i >>> 6] >>> (i & 63) & LANE_BITS;
                ByteVector.fromArray(BYTES, dense, j)
                        .expand(VectorMask.fromLong(BYTES, mb))
                        .intoArray(out, at + i);
                j += Long.bitCount(mb);
            }
        }
        for (; i + 8 <= n; i += 8) {
            int mb = (int) (bitmap[i >>> 6] >>> (i & 63)) & 0xFF;
            if (BitDeposit.FAST) {
                LONG_LE.set(out, at + i, Long.expand((long) LONG_LE.get(dense, j), BYTE_MASK[mb]));
            } else {
                ByteVector.fromArray(B64, EXPAND, 8 * mb)
                        .selectFrom(ByteVector.fromArray(B64, dense, j))
                        .and(ByteVector.fromArray(B64, KEEP, 8 * mb))
                        .intoArray(out, at + i);
            }
            j += Integer.bitCount(mb);
        }
        for (; i < n; i++) { // branch-free
            int bit = (int) (bitmap[i >>> 6] >>> (i & 63)) & 1;
            out[at + i] = (byte) (dense[j] & -bit);
            j += bit;
        }
    }
}
