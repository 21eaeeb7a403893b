package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;
import static org.ebpc.kernel.vector.PlaneLanes.*;
import static org.ebpc.kernel.vector.Species.*;
import static org.ebpc.kernel.vector.Swar.*;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import org.ebpc.EbpcParams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;
import org.ebpc.kernel.BitDeposit;

/** W = 16 decoding: as Int8Decoder, one symbol at a time, with the words rebuilt in 16-bit lanes. */
final class Int16Decoder {

    private Int16Decoder() {}

    /** Per 16-byte block: its 8 low bytes and its 8 high bytes interleaved back. */
    static final VectorShuffle<Byte> MERGE_BYTES;
    /**
     * W=16 decode, within each block of 8 short lanes: UP[t] moves lane i - 2^t to lane i, for
     * the lanes in UP_OK[t] (i - 2^t still in the block); DOWN1 moves lane i + 1 to lane i.
     */
    static final VectorShuffle<Short>[] UP = newShuffles(3);

    @SuppressWarnings("unchecked")
    static final VectorMask<Short>[] UP_OK = new VectorMask[3];

    static final VectorShuffle<Short> DOWN1;
    /** Bit j set for short lanes j = 8b + 0..6: the lanes that have a next word in their block. */
    static final long HAS_NEXT16;

    static {
        int len = BYTES.length();
        int[] merge = new int[len];
        for (int g = 0; g < len; g += 16) {
            for (int i = 0; i < 8 && g + 2 * i + 1 < len; i++) {
                merge[g + 2 * i] = g + i;
                merge[g + 2 * i + 1] = g + 8 + i;
            }
        }
        MERGE_BYTES = VectorShuffle.fromArray(BYTES, merge, 0);
        int lanes = SHORTS.length();
        int[] down = new int[lanes];
        long hasNext = 0;
        for (int j = 0; j < lanes; j++) {
            down[j] = j % 8 < 7 ? j + 1 : j;
            hasNext |= j % 8 < 7 ? 1L << j : 0;
        }
        DOWN1 = VectorShuffle.fromArray(SHORTS, down, 0);
        HAS_NEXT16 = hasNext;
        for (int step = 1; step <= 4; step <<= 1) {
            int[] up = new int[lanes];
            boolean[] ok = new boolean[lanes];
            for (int j = 0; j < lanes; j++) {
                ok[j] = j % 8 >= step;
                up[j] = ok[j] ? j - step : j;
            }
            UP[Integer.numberOfTrailingZeros(step)] = VectorShuffle.fromArray(SHORTS, up, 0);
            UP_OK[Integer.numberOfTrailingZeros(step)] = VectorMask.fromArray(SHORTS, ok, 0);
        }
    }

    // ============================================================================ BPC symbols

    /**
     * Reads one W = 16 block of any shape, one symbol at a time ({@link Int8Decoder#readBlock8Symbols}
     * is W = 8's), from bit {@code pos} of a padded stream (blocks of the common shape go to
     * {@link Blocks16#common} first): the base into out[3], then the 17 plane symbols, planes 0-7 as the bytes of
     * out[0], 8-15 of out[1], P_16 in out[2]; returns the new position. One lookup a symbol by
     * (plane, next 8 bits) in PlaneCodes.BY_PLANE_FLAGS16 gives its X, flags already in place and
     * the next plane; X goes to byte k of {@code xb} (32 bytes of scratch) and the bytes are
     * read back as two longs at the end, cheaper than a select per destination. The loop runs as
     * many times as the block has symbols (far fewer than 17 on real float16 traces, where
     * readBlock8's fixed-count loop measured slower; docs/PERFORMANCE.md).
     * The planes P_k = X_k ^ P_{k-1}, reset to 0 by the `00001` symbol, come afterwards from a
     * segmented prefix XOR on 64-bit words, and every canonical-form rule is checked once.
     */
    static long readBlock16Symbols(byte[] padded, long pos, long[] out, byte[] xb) throws Invalid {
        long[] fs = PlaneCodes.BY_PLANE_FLAGS16;
        LONG_LE.set(xb, 0, 0L);
        LONG_LE.set(xb, 8, 0L);
        LONG_LE.set(xb, 16, 0L);
        long bits = BitReader.window(padded, pos);
        out[3] = bits >>> 48;
        bits <<= 16;
        int used = 16;
        long f = 0;
        int bad = 0;
        int afterRun = 0;
        int row0 = 0;
        while (row0 != 17 << 8) {
            if (used > 49) {
                pos += used;
                bits = BitReader.window(padded, pos);
                used = 0;
            }
            long fe = fs[row0 | (int) (bits >>> 56)];
            xb[row0 >>> 8] = (byte) (fe >>> 40);
            f |= fe;
            row0 = (int) (fe >>> 40) & 0x1F00;
            int run = (int) (fe >>> 53) & 1;
            bad |= run & afterRun;
            afterRun = run;
            int len = symbolLength16(bits);
            bits <<= len;
            used += len;
        }
        finishBlock16(f, bad, xb, out);
        return pos + used;
    }

    /** The BYTE_X16 entry of plane 16's symbol byte (a window from plane 14). */
    private static int symbolTop(long w3) {
        return BYTE_X16[(int) (w3 >>> 40) & 0xFF] & 0xFF;
    }

    /**
     * By an 8-bit symbol's byte (raw `1` + X, pair `00010` + p, single `00011` + p): X in the
     * low 7 bits, lane-ordered, and bit 7 set where the symbol is not X's canonical one.
     */
    static final byte[] BYTE_X16 = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            long fe = PlaneCodes.BY_PLANE_FLAGS16[b]; // plane 0's row
            BYTE_X16[b] = (byte) ((fe >>> 40 & PLANE_MASK) | ((fe & PlaneCodes.FLAGS16_INVALID) != 0 ? 0x80 : 0));
        }
    }

    /** How many of the 7 leading bytes of w are whole 8-bit symbols, before the first that is not (its 8th byte is not sure). */
    private static int lead8(long w) {
        return Long.numberOfLeadingZeros(notWholeSymbols8(w) | 0x80) >>> 3;
    }

    /** Two blocks of any shape, their symbol chains stepped in one loop: see readBlock16Pair. */
    private static void symbolsPair(byte[] padded, long[] posAB, long[] outA, byte[] xbA, long[] outB, byte[] xbB)
            throws Invalid {
        long[] fs = PlaneCodes.BY_PLANE_FLAGS16;
        for (int i = 0; i < 24; i += 8) {
            LONG_LE.set(xbA, i, 0L);
            LONG_LE.set(xbB, i, 0L);
        }
        long posA = posAB[0];
        long posB = posAB[1];
        long bitsA = BitReader.window(padded, posA);
        long bitsB = BitReader.window(padded, posB);
        outA[3] = bitsA >>> 48;
        outB[3] = bitsB >>> 48;
        bitsA <<= 16;
        bitsB <<= 16;
        int usedA = 16;
        int usedB = 16;
        long fA = 0;
        long fB = 0;
        int badA = 0;
        int badB = 0;
        int afterRunA = 0;
        int afterRunB = 0;
        int rowA = 0;
        int rowB = 0;
        int end = 17 << 8;
        while ((rowA & rowB) != end) { // rows below 17 lack a bit of 0x1100
            if (usedA > 49) {
                posA += usedA;
                bitsA = BitReader.window(padded, posA);
                usedA = 0;
            }
            if (usedB > 49) {
                posB += usedB;
                bitsB = BitReader.window(padded, posB);
                usedB = 0;
            }
            int liveA = (rowA - end) >> 31; // -1 while the block has symbols left
            int liveB = (rowB - end) >> 31;
            long feA = fs[rowA | (int) (bitsA >>> 56)];
            long feB = fs[rowB | (int) (bitsB >>> 56)];
            xbA[rowA >>> 8] = (byte) (feA >>> 40);
            xbB[rowB >>> 8] = (byte) (feB >>> 40);
            fA |= feA;
            fB |= feB;
            rowA = (int) (feA >>> 40) & 0x1F00;
            rowB = (int) (feB >>> 40) & 0x1F00;
            int runA = (int) (feA >>> 53) & 1;
            int runB = (int) (feB >>> 53) & 1;
            badA |= runA & afterRunA;
            badB |= runB & afterRunB;
            afterRunA = runA;
            afterRunB = runB;
            int lenA = symbolLength16(bitsA) & liveA;
            int lenB = symbolLength16(bitsB) & liveB;
            bitsA <<= lenA;
            bitsB <<= lenB;
            usedA += lenA;
            usedB += lenB;
        }
        finishBlock16(fA, badA, xbA, outA);
        finishBlock16(fB, badB, xbB, outB);
        posAB[0] = posA + usedA;
        posAB[1] = posB + usedB;
    }

    /** The planes of a block from its symbols' flags and X bytes, checked; into out[0..2]. */
    private static void finishBlock16(long f, int bad, byte[] xb, long[] out) throws Invalid {
        int resets = (int) (f >>> 17) & 0x1FFFF;
        int needsPlane = (int) f & 0x1FFFF;
        bad |= (int) (f >>> 34) & 1;
        long xLo = (long) LONG_LE.get(xb, 0);
        long xHi = (long) LONG_LE.get(xb, 8);
        int xTop = xb[16];
        long pLo = prefixXor(xLo, resets & 0xFF, 0);
        long pHi = prefixXor(xHi, resets >>> 8 & 0xFF, (int) (pLo >>> 56));
        int pTop = (resets >>> 16 & 1) != 0 ? 0 : xTop ^ (int) (pHi >>> 56);
        checkCanonical16(pLo, pHi, pTop, resets, needsPlane, bad);
        out[0] = pLo;
        out[1] = pHi;
        out[2] = pTop;
    }

    /**
     * Throws unless a W = 16 block's symbols were the canonical ones, given its planes (P_0..7 as
     * the bytes of pLo, P_8..15 of pHi, P_16 in pTop), the planes coded `00001` (resets), those
     * coded raw, pair or single (needsPlane), and what the symbol loop found ({@code bad}).
     * (W = 8 applies the same rules to a group of blocks at once, in wordsGroup8.)
     */
    static void checkCanonical16(long pLo, long pHi, int pTop, int resets, int needsPlane, int bad) throws Invalid {
        long allOnes = 0x7F7F7F7F7F7F7F7FL;
        int topZero = -pTop >>> 31 ^ 1;
        int topEdge = topZero | (-(pTop ^ PLANE_MASK) >>> 31 ^ 1);
        int planeZero = zeroBytes(pLo) | zeroBytes(pHi) << 8 | topZero << 16;
        int zeroOrAllOnes = planeZero | zeroBytes(pLo ^ allOnes) | zeroBytes(pHi ^ allOnes) << 8 | topEdge << 16;
        bad |= needsPlane & planeZero; // P = 0 has a shorter symbol
        bad |= resets & (zeroOrAllOnes << 1 | 1); // `00001` where X would be 0 or all ones
        if (bad != 0) {
            throw Invalid.INSTANCE;
        }
    }

    // =========================================================================== W = 16 decode

    /** Decodes n words into out[at, at + n). */
    static void decode16(EbpcParams p, byte[] znz, byte[] bpc, short[] out, int at, int n)
            throws Invalid, MalformedStreamException {
        long[] bitmap = new long[(n + 63) / 64 + 1];
        int m = ZnzReader.readZnz(p, znz, n, bitmap);
        int blocks = (m + 7) / 8;
        short[] dense = denseFor(blocks);
        long pos = new Blocks16().read(BitReader.padded(bpc), 8L * bpc.length, 0, 0, blocks, m, dense);
        BitReader in = new BitReader(bpc, MalformedStreamException.Stream.BPC);
        in.seek(pos);
        in.expectPaddingOnly(16, "the last block");
        expand16(bitmap, dense, out, at, n);
    }

    /** Room for the dense words of {@code blocks} blocks and the vector reads past them. */
    static short[] denseFor(int blocks) {
        return new short[denseLength(blocks)];
    }

    /** The length of {@link #denseFor}'s array. */
    static int denseLength(int blocks) {
        return 8 * blocks + 16 + 2 * SHORTS.length();
    }

    /**
     * The state of one W = 16 block reader between groups: a group of blocks (as many as one
     * vector of shorts holds) is read one block after another, then turned into words in lanes.
     */
    static final class Blocks16 {
        final int perVector = SHORTS.length() / 8;
        private final long[] planes = new long[LONGS.length()];
        private final short[] baseLanes = new short[SHORTS.length()];
        private final long[] three = new long[4];
        private final byte[] xb = new byte[32]; // readBlock16's X bytes
        private long signs;
        /** The symbol bytes of the group's common-shape blocks, plane j's in byte j, two longs a block (0 for others). */
        private final long[] symbols = new long[LONGS.length()];
        /** 0xFF in the bytes of those blocks' planes that have an 8-bit symbol. */
        private final long[] inBlock = new long[LONGS.length()];
        /** By block: X_16 of a common-shape block (0 unless plane 16 is an 8-bit symbol). */
        private final int[] xTop = new int[perVector];
        /** Bit b: block b is of the common shape; bit 16 + b: its plane 16 is an 8-bit symbol. */
        private int common;
        /** For the group's two-part blocks (bit b of special: block b is one): X_k = all ones at plane k. */
        private final long[] xAdd = new long[LONGS.length()];
        /** 0xFF in the bytes from plane k on of the long holding plane k where plane k is `00001`. */
        private final long[] resets = new long[LONGS.length()];
        /** 0xFF in plane k - 1's byte where plane k is `00001`. */
        private final long[] beforeReset = new long[LONGS.length()];

        private int special;
        /** planesOfTwoParts' X in, planes out. */
        private final long[] scratch = new long[LONGS.length()];

        /**
         * Block b of the group from bit {@code pos} if it has the common W = 16 shape, without a
         * symbol loop: k whole 8-bit symbols (raw, pair, single) on the byte boundaries after
         * the 16-bit base, then one zero run to the block's end (or none, k = 17), most blocks of
         * real float16 traces (docs/PERFORMANCE.md). Three windows give the symbol bytes and a
         * byte-parallel test counts the leading 8-bit ones; the bytes are kept for the group's
         * vector pass (wordsOfCommon), which decodes and checks them. Returns the block's end,
         * or -1 (nothing stored) for any other shape.
         */
        long common(byte[] padded, long pos, int b) throws Invalid {
            long w1 = BitReader.window(padded, pos + 16); // planes 0-6 in its 7 sure bytes
            int k = lead8(w1);
            long w2 = BitReader.window(padded, pos + 72); // planes 7-13
            long w3 = BitReader.window(padded, pos + 128); // planes 14-16
            if (k == 7) {
                k += lead8(w2);
                if (k == 14) {
                    k = Math.min(17, k + lead8(w3));
                }
            }
            long sLo = w1 & ~0xFFL | w2 >>> 56; // planes 0-7's bytes from the top
            long sHi = w2 << 8 & ~0xFFFFL | w3 >>> 48; // planes 8-15's
            long end = pos + 16 + 8 * k;
            if (k < 17) {
                int r = 17 - k; // the run to the end: `01`, or `001` + (r - 2), in plane k's byte
                int next = (int) ((k < 8 ? sLo << 8 * k : k < 16 ? sHi << 8 * (k - 8) : w3 << 16) >>> 57);
                if (r == 1 ? next >>> 5 != 1 : next != (0x10 | (r - 2))) {
                    return twoPart(padded, pos, b, sLo, sHi, k);
                }
                end += r == 1 ? 2 : 7;
            }
            int whole = (1 << k) - 1; // the planes with an 8-bit symbol
            int top = symbolTop(w3) & -(whole >>> 16 & 1); // plane 16: only where k = 17
            if ((top & 0x80) != 0) {
                throw Invalid.INSTANCE; // not the canonical symbol of its X
            }
            keep(padded, pos, b, sLo, sHi, whole, top);
            return end;
        }

        /**
         * Keeps block b at bit {@code pos} for the group's vector pass: its symbol bytes (planes
         * 0-7 and 8-15 from the top), the planes with a whole 8-bit symbol, X_16, its base.
         */
        private void keep(byte[] padded, long pos, int b, long lo, long hi, int whole, int top) {
            symbols[2 * b] = Long.reverseBytes(lo);
            symbols[2 * b + 1] = Long.reverseBytes(hi);
            inBlock[2 * b] = Compaction.BYTE_MASK[whole & 0xFF];
            inBlock[2 * b + 1] = Compaction.BYTE_MASK[whole >>> 8 & 0xFF];
            xTop[b] = top;
            common |= (1 | (whole >>> 16 & 1) << 16) << b;
            baseLanes[8 * b] = (short) (BitReader.window(padded, pos) >>> 48);
            planes[2 * b] = 0;
            planes[2 * b + 1] = 0;
        }

        /**
         * {@link #common} for a block of two common parts (most of the other blocks of real
         * float16 traces, as Int8Decoder.readBlock8TwoPart for W = 8): k whole 8-bit symbols, at
         * plane k (< 16) a short one, `01` (X_k = 0), `00000` (X_k all ones: its X goes to
         * xAdd) or `00001` (P_k = 0: the prefix XOR restarts there, by resets), then whole 8-bit
         * symbols to the block's end or to one zero run that ends it. sLo and sHi are the
         * symbol bytes of planes 0-7 and 8-15 that common found. Returns the block's end, or -1 (nothing stored) for any other shape.
         */
        private long twoPart(byte[] padded, long pos, int b, long sLo, long sHi, int k) throws Invalid {
            int c = (int) ((k < 8 ? sLo << 8 * k : sHi << 8 * (k - 8)) >>> 59); // plane k's first 5 bits
            int zeroPlane = c >>> 3 == 1 ? 1 : 0; // `01`
            int allOnes = c == 0 ? 1 : 0; // `00000`
            int restart = c == 1 ? 1 : 0; // `00001`
            long at = pos + 21 + 8L * k - 3 * zeroPlane; // plane k + 1
            // Windows of the second part's bytes; the later two only matter for a short first
            // part, and are clamped to the block's bits so that no read goes past the stream's slack.
            long limit = pos + 141;
            long v1 = BitReader.window(padded, at);
            long v2 = BitReader.window(padded, Math.min(at + 56, limit));
            long v3 = BitReader.window(padded, Math.min(at + 112, limit));
            int rest = 16 - k; // planes k + 1 .. 16
            int m1 = lead8(v1);
            int m2 = lead8(v2);
            int m = m1 == 7 ? (m2 == 7 ? 14 + lead8(v3) : 7 + m2) : m1;
            m = Math.min(m, rest);
            int run = rest - m; // planes of the zero run that ends the block (0: whole symbols to the end)
            long uLo = v1 & ~0xFFL | v2 >>> 56; // the second part's bytes 0-7, from the top
            long uHi = v2 << 8 & ~0xFFFFL | v3 >>> 48; // its bytes 8-15
            int next = (int) ((m < 8 ? uLo << 8 * m : uHi << 8 * (m - 8)) >>> 57); // the run's symbol, if any
            boolean fits = (run == 0 || (run == 1 ? next >>> 5 == 1 : next == (0x10 | (run - 2))))
                    & k < 16
                    & (zeroPlane & (m == 0 ? 1 : 0)) == 0 // no run right after `01`: one longer run is shorter
                    & (restart & (k == 0 ? 1 : 0)) == 0 // `00001` at plane 0 is never canonical
                    & (zeroPlane | allOnes | restart) != 0;
            if (!fits) {
                return -1;
            }
            long end = at + 8L * m + (run == 0 ? 0 : run == 1 ? 2 : 7);
            long lo; // planes 0-7's symbol bytes, then 8-15's (bytes outside the whole planes are ignored)
            long hi;
            if (k < 7) {
                lo = sLo & ~(-1L >>> 8 * k) | uLo >>> 8 * k >>> 8;
                hi = uHi >>> 8 * k >>> 8 | uLo << 56 - 8 * k;
            } else {
                int q = Math.max(k - 8, 0);
                lo = sLo;
                hi = sHi & ~(-1L >>> 8 * q) | (k == 7 ? uLo : uLo >>> 8 * q >>> 8);
            }
            int whole = (1 << k) - 1 | ((1 << m) - 1) << (k + 1); // the planes with an 8-bit symbol
            int t = 15 - k; // plane 16's byte in the second part
            int topByte = (int) ((t < 8 ? uLo << 8 * t : uHi << 8 * (t - 8)) >>> 56);
            int top = BYTE_X16[topByte] & 0xFF & -(whole >>> 16 & 1);
            if ((top & 0x80) != 0) {
                throw Invalid.INSTANCE; // not the canonical symbol of its X
            }
            keep(padded, pos, b, lo, hi, whole, top);
            int half = k >>> 3; // the block's long that holds plane k
            xAdd[2 * b + half] = 0x7FL << 8 * (k & 7) & -(long) allOnes;
            resets[2 * b + half] = -1L << 8 * (k & 7) & -(long) restart; // bytes >= k of that long
            int before = k - 1; // plane k - 1 must not be 0 or all ones: X_k = P_(k-1) has a shorter symbol then
            beforeReset[2 * b + (before >>> 3 & 1)] = 0xFFL << 8 * (before & 7) & -(long) restart;
            special |= 1 << b;
            return end;
        }

        /** Reads block b of the group from bit {@code pos}; returns the new position. */
        long readOne(byte[] padded, long pos, int b) throws Invalid {
            long end = common(padded, pos, b);
            if (end >= 0) {
                return end;
            }
            pos = readBlock16Symbols(padded, pos, three, xb);
            take(b);
            return pos;
        }

        /** Reads block b of this group and of {@code other}'s from bits posAB[0] and posAB[1] side by side. */
        void readPair(byte[] padded, long[] posAB, Blocks16 other, int b) throws Invalid {
            long endA = common(padded, posAB[0], b);
            long endB = other.common(padded, posAB[1], b);
            if ((endA | endB) >= 0) {
                posAB[0] = endA;
                posAB[1] = endB;
            } else if (endA >= 0) {
                posAB[0] = endA;
                posAB[1] = readBlock16Symbols(padded, posAB[1], other.three, other.xb);
                other.take(b);
            } else if (endB >= 0) {
                posAB[0] = readBlock16Symbols(padded, posAB[0], three, xb);
                posAB[1] = endB;
                take(b);
            } else {
                symbolsPair(padded, posAB, three, xb, other.three, other.xb);
                take(b);
                other.take(b);
            }
        }

        private void take(int b) {
            baseLanes[8 * b] = (short) three[3];
            planes[2 * b] = three[0];
            planes[2 * b + 1] = three[1];
            signs |= (three[2] & PLANE_MASK) << (8 * b);
            notCommon(b);
        }

        /** Block b of the group is padding past the last block. */
        void none(int b) {
            baseLanes[8 * b] = 0;
            planes[2 * b] = 0;
            planes[2 * b + 1] = 0;
            notCommon(b);
        }

        /** Block b is not one for the vector pass (read symbol by symbol, or padding). */
        private void notCommon(int b) {
            symbols[2 * b] = 0;
            symbols[2 * b + 1] = 0;
            inBlock[2 * b] = 0;
            inBlock[2 * b + 1] = 0;
            common &= ~(0x10001 << b);
        }

        /**
         * The planes of the group's common-shape blocks, all at once in byte lanes (as
         * Int8Decoder.wordsOfGroup8 for W = 8): X of every 8-bit symbol (raw `1` + X bit-reversed,
         * pair and single by a 16-entry table), each checked to be the canonical symbol of its
         * X, the planes by a prefix XOR over each block's 16 bytes, each of those planes checked
         * not to be 0; then P_16 and its check, by block.
         */
        private void wordsOfCommon() throws Invalid {
            ByteVector sym = LongVector.fromArray(LONGS, symbols, 0).reinterpretAsBytes();
            VectorMask<Byte> in =
                    LongVector.fromArray(LONGS, inBlock, 0).reinterpretAsBytes().compare(VectorOperators.NE, 0);
            VectorMask<Byte> raw = sym.compare(VectorOperators.LT, (byte) 0);
            ByteVector x = xOfWholeSymbols(sym, raw, in);
            VectorMask<Byte> shorter = hasShorterSymbol(x);
            LongVector xl = x.reinterpretAsLongs();
            LongVector p;
            if (special == 0) {
                p = prefixXorLanes(xl);
                // P_7 into byte 0 of the block's second long, then the prefix XOR again: planes 8-15.
                LongVector carry = p.lanewise(VectorOperators.LSHR, 56).rearrange(HIGH_FROM_LOW, ODD_LONGS);
                p = prefixXorLanes(xl.lanewise(VectorOperators.XOR, carry));
            } else { // through an array: this method inlines every vector call only while it stays small
                xl.intoArray(scratch, 0);
                planesOfTwoParts();
                p = LongVector.fromArray(LONGS, scratch, 0);
            }
            VectorMask<Byte> zeroPlane = p.reinterpretAsBytes().compare(VectorOperators.EQ, (byte) 0);
            if (x.compare(VectorOperators.EQ, (byte) 0)
                    .or(shorter.and(raw))
                    .or(zeroPlane)
                    .and(in)
                    .anyTrue()) {
                throw Invalid.INSTANCE;
            }
            p.lanewise(VectorOperators.OR, LongVector.fromArray(LONGS, planes, 0))
                    .intoArray(planes, 0);
            for (int b = 0; b < perVector; b++) {
                if ((common >>> b & 1) != 0) {
                    int pTop = xTop[b] ^ (int) (planes[2 * b + 1] >>> 56);
                    if ((common >>> (16 + b) & 1) != 0 && pTop == 0) {
                        throw Invalid.INSTANCE; // P_16 = 0 has a shorter symbol
                    }
                    signs |= (long) pTop << (8 * b);
                }
            }
            common = 0;
        }

        /**
         * wordsOfCommon's planes for a group that holds two-part blocks, from the X of its whole
         * symbols in {@code scratch} into it: X_k all ones added (xAdd), the prefix XOR of each
         * block's two longs restarted from a `00001` plane on (resets: those planes lose the
         * prefix before it, and a second long that restarts at plane 8 takes no carry of P_7),
         * and P_(k-1) checked not all ones there. Written out with no vector-typed helper: C2
         * stopped inlining them into wordsOfCommon (NodeCountInliningCutoff), and a vector that
         * crosses a call it did not inline is boxed and runs the Java fallback.
         */
        private void planesOfTwoParts() throws Invalid {
            LongVector x = LongVector.fromArray(LONGS, scratch, 0).or(LongVector.fromArray(LONGS, xAdd, 0));
            LongVector r = LongVector.fromArray(LONGS, resets, 0);
            LongVector kept = r.not();
            LongVector carry = LongVector.zero(LONGS);
            LongVector p = x;
            for (int pass = 0; pass < 2; pass++) { // the first long's planes, then the second's with P_7
                LongVector all = x.lanewise(VectorOperators.XOR, carry);
                LongVector before = all.and(kept);
                for (int shift = 8; shift <= 32; shift <<= 1) {
                    all = all.lanewise(VectorOperators.XOR, all.lanewise(VectorOperators.LSHL, shift));
                    before = before.lanewise(VectorOperators.XOR, before.lanewise(VectorOperators.LSHL, shift));
                }
                p = all.lanewise(VectorOperators.XOR, before.and(r));
                carry = p.lanewise(VectorOperators.LSHR, 56)
                        .rearrange(HIGH_FROM_LOW, ODD_LONGS)
                        .and(kept);
            }
            ByteVector pb = p.reinterpretAsBytes();
            VectorMask<Byte> beforeRestart = LongVector.fromArray(LONGS, beforeReset, 0)
                    .reinterpretAsBytes()
                    .compare(VectorOperators.NE, 0);
            if (pb.compare(VectorOperators.EQ, (byte) 0)
                    .or(pb.compare(VectorOperators.EQ, (byte) PLANE_MASK))
                    .and(beforeRestart)
                    .anyTrue()) {
                throw Invalid.INSTANCE; // `00001` where X would be 0 or all ones
            }
            p.intoArray(scratch, 0);
            LongVector none = LongVector.zero(LONGS);
            none.intoArray(xAdd, 0);
            none.intoArray(resets, 0);
            none.intoArray(beforeReset, 0);
            special = 0;
        }

        /** The words of the group read so far, block b0 first, of {@code m} non-zero words in all. */
        void words(int b0, int m, short[] dense) throws Invalid {
            if (common != 0) {
                wordsOfCommon();
            }
            boolean ok = wordsGroup16(planes, baseLanes, signs, m - 8 * b0, dense, 8 * b0);
            signs = 0;
            if (!ok) {
                throw Invalid.INSTANCE;
            }
        }

        /**
         * Reads blocks [from, to) (from a multiple of perVector) from bit {@code pos} of a padded
         * stream that ends at bit {@code limit} into dense words; returns the new position.
         */
        long read(byte[] padded, long limit, long pos, int from, int to, int m, short[] dense) throws Invalid {
            for (int b0 = from; b0 < to; b0 += perVector) {
                int count = Math.min(perVector, to - b0);
                for (int b = 0; b < perVector; b++) {
                    if (b < count) {
                        if (pos > limit) {
                            throw Invalid.INSTANCE;
                        }
                        pos = readOne(padded, pos, b);
                    } else {
                        none(b);
                    }
                }
                words(b0, m, dense);
            }
            return pos;
        }
    }

    static final java.lang.foreign.ValueLayout.OfLong LE_LONG =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** 4-bit word mask -> 64-bit mask of those 16-bit words. */
    static final long[] SHORT_MASK = new long[16];

    static {
        for (int m = 0; m < 16; m++) {
            for (int i = 0; i < 4; i++) {
                SHORT_MASK[m] |= (m >>> i & 1) != 0 ? 0xFFFFL << (16 * i) : 0;
            }
        }
    }

    /** Lane 2b + 1 takes lane 2b (odd lanes only): a block's first long to its second. */
    static final VectorShuffle<Long> HIGH_FROM_LOW;

    static final VectorMask<Long> ODD_LONGS;

    static {
        int lanes = LONGS.length();
        int[] from = new int[lanes];
        boolean[] odd = new boolean[lanes];
        for (int i = 0; i < lanes; i++) {
            from[i] = i & ~1;
            odd[i] = (i & 1) != 0;
        }
        HIGH_FROM_LOW = VectorShuffle.fromArray(LONGS, from, 0);
        ODD_LONGS = VectorMask.fromArray(LONGS, odd, 0);
    }

    /** The mask bits of one vector of SHORTS. */
    private static final long SHORT_LANE_BITS = (1L << SHORTS.length()) - 1;

    /**
     * Puts the dense words where the bitmap says into out[at, at + n), zeros elsewhere: a vector
     * of words per VPEXPANDW, else four words per Long.expand (see BitDeposit).
     */
    static void expand16(long[] bitmap, short[] dense, short[] out, int at, int n) {
        int j = 0;
        int i = 0;
        java.lang.foreign.MemorySegment from = java.lang.foreign.MemorySegment.ofArray(dense);
        java.lang.foreign.MemorySegment to = java.lang.foreign.MemorySegment.ofArray(out);
        if (BitDeposit.LANES) {
            int lanes = SHORTS.length(); // 8, 16 or 32: a divisor of the bitmap's 64 bits
            for (; i + lanes <= n; i += lanes) {
                long mb = bitmap[i >>> 6] >>> (i & 63) & SHORT_LANE_BITS;
                ShortVector.fromArray(SHORTS, dense, j)
                        .expand(VectorMask.fromLong(SHORTS, mb))
                        .intoArray(out, at + i);
                j += Long.bitCount(mb);
            }
        } else if (BitDeposit.FAST) {
            for (; i + 4 <= n; i += 4) { // dense has room for the 4-word read past its last word
                int mb = (int) (bitmap[i >>> 6] >>> (i & 63)) & 0xF;
                to.set(LE_LONG, 2L * (at + i), Long.expand(from.get(LE_LONG, 2L * j), SHORT_MASK[mb]));
                j += Integer.bitCount(mb);
            }
        }
        for (; i < n; i++) { // every word of out is written, whatever it held
            int bit = (int) (bitmap[i >>> 6] >>> (i & 63)) & 1;
            out[at + i] = (short) (dense[j] & -bit);
            j += bit;
        }
    }

    @SuppressWarnings("unchecked")
    static VectorShuffle<Short>[] newShuffles(int n) {
        return new VectorShuffle[n];
    }

    /**
     * The words of a group of W=16 blocks in vector lanes (8 short lanes a block): the planes
     * transposed back to deltas, then prefix sums from the bases ({@code baseLanes}: base at lane
     * 8b, else 0) in three shifted, masked adds; checks as in wordsGroup8: each delta's sign
     * matches the words ({@code signs}: bit 8b+i = sign of d_i), words before {@code valid} are
     * non-zero and the padding after it is zero.
     */
    static boolean wordsGroup16(long[] planes, short[] baseLanes, long signs, int valid, short[] dense, int at) {
        transposeLanes(planes);
        ShortVector d = LongVector.fromArray(LONGS, planes, 0)
                .reinterpretAsBytes()
                .rearrange(MERGE_BYTES)
                .reinterpretAsShorts();
        ShortVector v = d.rearrange(UP[0], UP_OK[0]).add(ShortVector.fromArray(SHORTS, baseLanes, 0)); // base, d_0..d_6
        v = v.add(v.rearrange(UP[0]), UP_OK[0]);
        v = v.add(v.rearrange(UP[1]), UP_OK[1]);
        v = v.add(v.rearrange(UP[2]), UP_OK[2]);
        long lt = v.rearrange(DOWN1).compare(VectorOperators.LT, v).toLong() & HAS_NEXT16;
        long zeros = v.compare(VectorOperators.EQ, 0).toLong();
        int lanes = SHORTS.length();
        long expected = valid >= lanes ? 0 : -1L << valid;
        if (lanes < 64) {
            expected &= (1L << lanes) - 1;
        }
        v.intoArray(dense, at);
        return lt == signs && zeros == expected;
    }
}
