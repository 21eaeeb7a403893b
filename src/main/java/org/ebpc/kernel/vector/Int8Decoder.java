package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;
import static org.ebpc.kernel.vector.PlaneLanes.*;
import static org.ebpc.kernel.vector.Species.*;
import static org.ebpc.kernel.vector.Swar.*;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.ebpc.EbpcParams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;

/**
 * W = 8 decoding: the ZNZ bitmap (ZnzReader), the blocks read one after the other (the common
 * shape without a symbol loop, others symbol by symbol), then per group of blocks in vector
 * lanes: X of the whole 8-bit symbols, the planes, the transposition back to deltas, prefix
 * sums from the bases and every canonical-form check; the words put in place (Compaction).
 */
final class Int8Decoder {

    private Int8Decoder() {}

    /**
     * The int8 block reader's state for a group of BLOCKS8 blocks, field f of block b at
     * f * BLOCKS8 + b: the symbol bytes of a block of the common shape (plane k in byte k), the
     * byte mask of its planes with a whole 8-bit symbol, the planes P of a block read symbol by
     * symbol (0 for the others), X_8 (or P_8 ^ P_7 for a block read symbol by symbol), the
     * checks for wordsGroup8 (bits 0-8: P_k must not be 0, 9-17: `00001` at plane k, 18-: a
     * symbol fault), the base; then the checks of planes 0-7 again as byte masks (must not be
     * 0; `00001`), so that wordsGroup8 tests them in vector lanes.
     */
    static final int SYMBOLS_AT = 0;

    static final int PLANES_AT = BLOCKS8;
    static final int DONE_AT = 2 * BLOCKS8;
    static final int TOP_AT = 3 * BLOCKS8;
    static final int CHECKS_AT = 4 * BLOCKS8;
    static final int BASES_AT = 5 * BLOCKS8;
    static final int NEEDS_AT = 6 * BLOCKS8;
    static final int RESETS_AT = 7 * BLOCKS8;
    static final int GROUP_FIELDS = 8;

    /**
     * Reads one block from bit {@code pos} of a padded stream into field b of the group state
     * {@code g}; returns the new position. A block of the common shape leaves its symbol bytes
     * for the group's vector pass (wordsOfGroup8); so does a block of two such parts
     * (readBlock8TwoPart); any other is read symbol by symbol.
     */
    static long readBlock8(byte[] padded, long pos, long[] g, int b) throws Invalid {
        // A window holds 57 sure bits: the base and planes 0-5's bytes, then planes 6, 7 and 8's.
        long head = BitReader.window(padded, pos);
        long next = BitReader.window(padded, pos + 56);
        long s = head << 8 & ~0xFFFFL | next >>> 48; // plane k's byte k from the top
        // The common shape (most blocks of real int8 traces, docs/PERFORMANCE.md): k whole
        // 8-bit symbols (raw `1`+X, pair `00010`+p, single `00011`+p) on byte boundaries, then
        // at most one zero run to the block's end. Such a block is read without a symbol loop.
        int k = Long.numberOfLeadingZeros(notWholeSymbols8(s)) >>> 3;
        int length;
        int eTop = 0; // X_8 and its fault flag (bit 8), when plane 8 has its own symbol
        if (k < 8) {
            if (((int) (s >>> (58 - 8 * k)) & 0x3F) != 15 - k) { // `001` + (9 - k - 2): the rest in one run
                return readBlock8TwoPart(padded, pos, head, s, k, g, b);
            }
            length = 14 + 8 * k;
        } else {
            int top = (int) (next >>> 40) & 0xFF; // plane 8's symbol
            if (top >= 0x80 || top >>> 4 == 1) {
                k = 9;
                eTop = PlaneCodes.BYTE_SYMBOL8[top];
                length = 80;
            } else if (top >>> 6 == 1) { // `01`: plane 8 alone is zero
                length = 74;
            } else if (top >>> 3 == 0) { // `00000`: X_8 is all ones
                eTop = PLANE_MASK;
                length = 77;
            } else {
                return readBlock8Symbols(padded, pos, g, b);
            }
        }
        int planes = (1 << k) - 1; // the planes with a whole 8-bit symbol: each needs P != 0
        long planeBytes = Compaction.BYTE_MASK[planes & 0xFF];
        g[SYMBOLS_AT + b] = Long.reverseBytes(s); // plane k's symbol in byte k: X comes in the group's vector pass
        g[PLANES_AT + b] = planeBytes;
        g[NEEDS_AT + b] = planeBytes;
        g[RESETS_AT + b] = 0;
        g[DONE_AT + b] = 0;
        g[TOP_AT + b] = eTop & PLANE_MASK;
        g[CHECKS_AT + b] = planes | (long) (eTop >>> 8) << 18;
        g[BASES_AT + b] = head >>> 56;
        return pos + length;
    }

    /**
     * {@link #readBlock8} for a block of two common parts (most of the other blocks of real int8
     * traces): k whole 8-bit symbols, at plane k (< 8) a short one, `01` (X_k = 0), `00000`
     * (X_k all ones) or `00001` (P_k = 0), then whole 8-bit symbols to the block's end or to
     * one zero run that ends it. The group's vector pass decodes both parts: plane k is left out
     * of the whole symbols' planes, and its X (all ones: DONE_AT holds its share of the prefix
     * XOR) or its restart of the prefix XOR (`00001`: RESETS_AT) is applied there. Any other
     * block goes to readBlock8Symbols.
     */
    static long readBlock8TwoPart(byte[] padded, long pos, long head, long s, int k, long[] g, int b) throws Invalid {
        // No branch on the shape but one, to the symbol loop: this path's blocks vary too much
        // for branches to be predicted.
        int c = (int) (s << 8 * k >>> 59); // plane k's first 5 bits
        int zeroPlane = (c >>> 3 == 1) ? 1 : 0; // `01`
        int allOnes = c == 0 ? 1 : 0; // `00000`
        int restart = c == 1 ? 1 : 0; // `00001`
        long at = pos + 8 + 8L * k + 5 - 3 * zeroPlane; // plane k + 1
        long s2 = BitReader.window(padded, at); // 57 sure bits
        int rest = 8 - k; // planes k + 1 .. 8
        int m = Math.min(Long.numberOfLeadingZeros(notWholeSymbols8(s2)) >>> 3, rest);
        int run = rest - m; // planes of the zero run that ends the block (0: whole symbols to the end)
        int check = RUN_CHECK[run]; // the run's symbol: mask, expected bits, length
        int t = (int) (s2 >>> (58 - 8 * m)) & 0x3F;
        boolean fits = (t & check & 0xFF) == (check >>> 8 & 0xFF) // the run's symbol is right
                & (k > 0 | m < 7) // within the window's sure bits
                & (zeroPlane & (m == 0 ? 1 : 0)) == 0 // no run right after `01`: one longer run is shorter
                & (zeroPlane | allOnes | restart) != 0;
        if (!fits) {
            return readBlock8Symbols(padded, pos, g, b);
        }
        int eTop = PlaneCodes.BYTE_SYMBOL8[(int) (s2 >>> (64 - 8 * rest)) & 0xFF] & -(run == 0 ? 1 : 0);
        int planes = (1 << k) - 1 | ((1 << m) - 1) << (k + 1);
        long planeBytes = Compaction.BYTE_MASK[planes & 0xFF];
        long symbols = s & ~(-1L >>> 8 * k) | s2 >>> 8 >>> 8 * k; // plane j's symbol in byte j from the top
        g[SYMBOLS_AT + b] = Long.reverseBytes(symbols);
        g[PLANES_AT + b] = planeBytes;
        g[NEEDS_AT + b] = planeBytes;
        g[RESETS_AT + b] = 0xFFL << 8 * k & -(long) restart;
        g[DONE_AT + b] = 0x7F7F_7F7F_7F7F_7F7FL << 8 * k & -(long) allOnes; // X_k all ones, XORed into P_k..P_7
        g[TOP_AT + b] = eTop & PLANE_MASK;
        g[CHECKS_AT + b] = planes | restart << 9 + k | (long) (eTop >>> 8) << 18;
        g[BASES_AT + b] = head >>> 56;
        return at + 8 * m + (check >>> 16);
    }

    /**
     * By the planes of the zero run that ends a two-part block: the mask (bits 0-7) and the
     * value (bits 8-15) of its symbol's first 6 bits, and its length (bits 16-).
     */
    private static final int[] RUN_CHECK = new int[10];

    static {
        RUN_CHECK[1] = 0x30 | 0x10 << 8 | 2 << 16; // `01`
        for (int run = 2; run < RUN_CHECK.length; run++) {
            RUN_CHECK[run] = 0x3F | (6 + run) << 8 | 6 << 16; // `001` + (run - 2)
        }
    }

    /**
     * {@link #readBlock8} for any block shape, one symbol at a time (as
     * {@link Int16Decoder#readBlock16} for W = 16), without a data-dependent branch: a block has at most 9
     * symbols, so the loop always reads 9; symbols past the block's last plane read the next
     * block's bits and land in row 9 of the by-plane tables, which adds nothing. Each symbol
     * costs two lookups by (plane, next 8 bits): X already in place (PlaneCodes.BY_PLANE_X8),
     * and one long (BY_PLANE_FLAGS8) that holds the flags in place, the symbol's length (summed
     * into the block's length: 0 in row 9) and the row of the next symbol's plane, so the plane
     * count is a lookup, not an add and a clamp. Its length for the window comes from leading
     * zeros, off the tables: the serial chain window -> length -> window stays short. Two loops
     * around the window refill, not one loop testing for it, which measured faster.
     */
    static long readBlock8Symbols(byte[] padded, long pos, long[] g, int b) throws Invalid {
        long[] xs = PlaneCodes.BY_PLANE_X8;
        long[] fs = PlaneCodes.BY_PLANE_FLAGS8;
        long bits = BitReader.window(padded, pos);
        g[BASES_AT + b] = bits >>> 56;
        bits <<= 8;
        int used = 8; // bits taken from the window, past the block's end included
        int end = 8; // bits of this block
        long x7 = 0; // X_k in bits 7k..7k+6
        long f = 0; // flags, see PlaneCodes.BY_PLANE_FLAGS8
        int row0 = 0; // 256 x the plane the next symbol starts at (9: past the block)
        for (int s = 0; s < 4; s++) { // base + 4 symbols: at most 40 bits of the window
            int row = row0 | (int) (bits >>> 56);
            x7 |= xs[row];
            long fe = fs[row];
            f |= fe;
            end += (int) (fe >>> 60);
            row0 = (int) (fe >>> 40) & 0xF00;
            int len = symbolLength8(bits);
            bits <<= len;
            used += len;
        }
        bits = BitReader.window(padded, pos + used);
        for (int s = 0; s < 5; s++) { // 5 more symbols: at most 40 bits
            int row = row0 | (int) (bits >>> 56);
            x7 |= xs[row];
            long fe = fs[row];
            f |= fe;
            end += (int) (fe >>> 60);
            row0 = (int) (fe >>> 40) & 0xF00;
            int len = symbolLength8(bits);
            bits <<= len;
        }
        int bad = (int) (f >>> 18) & 1; // an invalid symbol, or a run past plane 8
        bad |= (int) (f >>> 20 & f >>> 30) & 0x3FF; // a run starts where one ends: one longer run is shorter
        int resets = (int) (f >>> 9) & 0x1FF; // `00001`: P_k = 0
        int needsPlane = (int) f & 0x1FF; // raw, pair, single: P_k != 0
        long pLo = prefixXor(spread7(x7), resets & 0xFF, 0);
        int xTop = (int) (x7 >>> 56) & PLANE_MASK;
        int pTop = (resets & 0x100) != 0 ? 0 : xTop ^ (int) (pLo >>> 56);
        g[SYMBOLS_AT + b] = 0; // nothing left for the group's vector pass: the planes are done
        g[PLANES_AT + b] = 0;
        g[DONE_AT + b] = pLo;
        g[TOP_AT + b] = pTop ^ (int) (pLo >>> 56) & PLANE_MASK;
        g[CHECKS_AT + b] = needsPlane | resets << 9 | (long) bad << 18; // checked per group: wordsGroup8
        g[NEEDS_AT + b] = Compaction.BYTE_MASK[needsPlane & 0xFF];
        g[RESETS_AT + b] = Compaction.BYTE_MASK[resets & 0xFF];
        return pos + end;
    }

    /** Room for the dense words of {@code blocks} blocks and the vector reads past them. */
    static int denseLength(int blocks) {
        return 8 * blocks + 16 + 2 * BYTES.length();
    }

    /** Decodes n words into out[at, at + n). */
    static void decode8(EbpcParams p, byte[] znz, byte[] bpc, byte[] out, int at, int n)
            throws Invalid, MalformedStreamException {
        long[] bitmap = new long[(n + 63) / 64 + 1];
        int m = ZnzReader.readZnz(p, znz, n, bitmap);
        int blocks = (m + 7) / 8;
        byte[] dense = new byte[denseLength(blocks)];
        byte[] padded = BitReader.padded(bpc);
        long pos = 0;
        for (int from = 0; from < blocks; from += SLICE_BLOCKS) {
            pos = readBlocks8(padded, 8L * bpc.length, pos, from, Math.min(blocks, from + SLICE_BLOCKS), m, dense);
        }
        BitReader in = new BitReader(bpc, MalformedStreamException.Stream.BPC);
        in.seek(pos);
        in.expectPaddingOnly(8, "the last block");
        Compaction.expand8(bitmap, dense, out, at, n);
    }

    /**
     * Reads blocks [from, to) (from a multiple of BLOCKS8) from bit {@code pos} into dense words;
     * returns the new position. {@code m} is the number of non-zero words, for the padding check.
     */
    static long readBlocks8(byte[] padded, long limit, long pos, int from, int to, int m, byte[] dense) throws Invalid {
        long[] planes = new long[BLOCKS8];
        long[] g = new long[GROUP_FIELDS * BLOCKS8];
        for (int b0 = from; b0 < to; b0 += BLOCKS8) {
            int count = Math.min(BLOCKS8, to - b0);
            for (int b = 0; b < BLOCKS8; b++) {
                if (b < count) {
                    if (pos > limit) {
                        throw Invalid.INSTANCE; // truncated: the scalar kernel says where
                    }
                    pos = readBlock8(padded, pos, g, b);
                } else {
                    for (int f = 0; f < GROUP_FIELDS; f++) {
                        g[f * BLOCKS8 + b] = 0;
                    }
                }
            }
            wordsOfGroup8(g, planes, expectedZeros(m - 8 * b0), dense, 8 * b0);
        }
        return pos;
    }

    /** The zero-byte mask a group's words must show when only the first {@code valid} of them are real words. */
    static long expectedZeros(int valid) {
        long expected = valid >= 64 ? 0 : -1L << valid;
        return BLOCKS8 < 8 ? expected & (1L << (8 * BLOCKS8)) - 1 : expected;
    }

    /**
     * The words of a group of BLOCKS8 blocks read by readBlock8 into {@code g}: first the X of
     * every whole 8-bit symbol at once, one byte lane per plane (raw `1`+X is X bit-reversed;
     * pair and single come from a 16-entry table by the low nibble), each symbol checked to be
     * the canonical one for its X, and the planes P_k by a prefix XOR; then wordsGroup8.
     */
    static void wordsOfGroup8(long[] g, long[] planes, long expected, byte[] dense, int at) throws Invalid {
        ByteVector symbols = LongVector.fromArray(LONGS, g, SYMBOLS_AT).reinterpretAsBytes();
        VectorMask<Byte> inBlock =
                LongVector.fromArray(LONGS, g, PLANES_AT).reinterpretAsBytes().compare(VectorOperators.NE, 0);
        VectorMask<Byte> raw = symbols.compare(VectorOperators.LT, (byte) 0);
        ByteVector x = xOfWholeSymbols(symbols, raw, inBlock);
        if (x.compare(VectorOperators.EQ, (byte) 0)
                .or(hasShorterSymbol(x).and(raw))
                .and(inBlock)
                .anyTrue()) {
            throw Invalid.INSTANCE;
        }
        LongVector xl = x.reinterpretAsLongs();
        // A `00001` at plane k of a two-part block (readBlock8TwoPart) restarts the prefix XOR
        // there: P_k.. lose P_(k-1), the prefix of the planes before k. Blocks read symbol by
        // symbol have x = 0 here and their planes in DONE_AT.
        LongVector restart = LongVector.fromArray(LONGS, g, RESETS_AT);
        restart = restart.or(restart.lanewise(VectorOperators.LSHL, 8));
        restart = restart.or(restart.lanewise(VectorOperators.LSHL, 16));
        restart = restart.or(restart.lanewise(VectorOperators.LSHL, 32));
        // The prefix XOR of the planes and of those before a restart, written out: as helper
        // calls, C2 stopped inlining the second here (NodeCountInliningCutoff), and a vector
        // that crosses a call it did not inline is boxed and runs the Java fallback.
        LongVector all = xl;
        LongVector before = xl.and(restart.not());
        for (int shift = 8; shift <= 32; shift <<= 1) {
            all = all.lanewise(VectorOperators.XOR, all.lanewise(VectorOperators.LSHL, shift));
            before = before.lanewise(VectorOperators.XOR, before.lanewise(VectorOperators.LSHL, shift));
        }
        LongVector p = all.lanewise(VectorOperators.XOR, before.and(restart))
                .lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, g, DONE_AT));
        p.intoArray(planes, 0);
        long signs = LongVector.fromArray(LONGS, g, TOP_AT) // P_8 of each block in byte b
                .lanewise(VectorOperators.XOR, p.lanewise(VectorOperators.LSHR, 56))
                .and(PLANE_MASK)
                .lanewise(VectorOperators.LSHL, LANE_BYTE)
                .reduceLanes(VectorOperators.OR);
        if (!wordsGroup8(planes, g, signs, expected, dense, at)) {
            throw Invalid.INSTANCE;
        }
    }

    /**
     * The vector part of int8 block decoding, for BLOCKS8 blocks: the planes transposed back to
     * delta bytes, byte-wise prefix sums from the bases (SWAR adds with no carry between bytes),
     * and the canonical checks: the symbols fit the planes (the rules of checkCanonical16, from
     * the readers' checks and byte masks in {@code g}, for all blocks at once in lanes), each
     * delta's sign (plane 8) matches the words, so no delta wrapped; the zero bytes of the words
     * are exactly {@code expected} (the padding after the last non-zero word).
     */
    static boolean wordsGroup8(long[] planes, long[] g, long signs, long expected, byte[] dense, int at) {
        long low7 = 0x7F7F7F7F7F7F7F7FL;
        // The canonical-form checks of checkCanonical16, for all blocks at once, in lanes: planes
        // 0-7 from byte compares against the readers' byte masks, plane 8 (byte b of signs) by
        // block bits.
        LongVector planeLongs = LongVector.fromArray(LONGS, planes, 0);
        ByteVector planeBytes = planeLongs.reinterpretAsBytes();
        VectorMask<Byte> zero = planeBytes.compare(VectorOperators.EQ, 0);
        LongVector zeroLanes = zero.toVector().reinterpretAsLongs();
        LongVector zeroOrAllOnes = zero.or(planeBytes.compare(VectorOperators.EQ, (byte) PLANE_MASK))
                .toVector()
                .reinterpretAsLongs();
        LongVector checks = LongVector.fromArray(LONGS, g, CHECKS_AT);
        LongVector badPlanes = LongVector.fromArray(LONGS, g, NEEDS_AT)
                .and(zeroLanes)
                .or(LongVector.fromArray(LONGS, g, RESETS_AT)
                        .and(zeroOrAllOnes.lanewise(VectorOperators.LSHL, 8).or(0xFF)));
        long needsTop = checks.and(1L << 8).compare(VectorOperators.NE, 0).toLong();
        long resetTop = checks.and(1L << 17).compare(VectorOperators.NE, 0).toLong();
        long plane7ZeroOrAllOnes = zeroOrAllOnes.compare(VectorOperators.LT, 0).toLong();
        long bad = needsTop & zeroBytes(signs) | resetTop & plane7ZeroOrAllOnes;
        boolean faults = badPlanes
                .or(checks.lanewise(VectorOperators.LSHR, 18))
                .compare(VectorOperators.NE, 0)
                .anyTrue();
        transposeLanes(planes);
        LongVector x = LongVector.fromArray(LONGS, planes, 0);
        LongVector v = x.lanewise(VectorOperators.LSHL, 8).or(LongVector.fromArray(LONGS, g, BASES_AT));
        for (int shift = 8; shift <= 32; shift <<= 1) {
            LongVector b = v.lanewise(VectorOperators.LSHL, shift);
            LongVector sum = v.and(low7).add(b.and(low7));
            v = sum.lanewise(
                    VectorOperators.XOR, v.lanewise(VectorOperators.XOR, b).and(~low7));
        }
        ByteVector words = v.reinterpretAsBytes();
        ByteVector next = v.lanewise(VectorOperators.LSHR, 8).reinterpretAsBytes();
        long lt = next.compare(VectorOperators.LT, words).toLong() & 0x7F7F7F7F7F7F7F7FL;
        long zeros = words.compare(VectorOperators.EQ, 0).toLong();
        words.intoArray(dense, at);
        return lt == signs && zeros == expected && bad == 0 && !faults;
    }
}
