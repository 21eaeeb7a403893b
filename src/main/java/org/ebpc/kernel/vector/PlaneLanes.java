package org.ebpc.kernel.vector;

import static org.ebpc.kernel.vector.PlaneCodes.PLANE_MASK;
import static org.ebpc.kernel.vector.Species.*;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector steps both widths share: the 8x8 bit transposition of 64-bit lanes (its own inverse:
 * deltas to planes when coding, planes to deltas when decoding), the plane symbols of 8
 * planes per lane, joined in their lane, and for decoding the X of whole 8-bit symbols, their
 * canonical test and the planes by a prefix XOR.
 */
final class PlaneLanes {

    private PlaneLanes() {}

    /** Lane b: 8b, the shift between a lane and byte b of a 64-bit mask (one byte per lane). */
    static final LongVector LANE_BYTE = LongVector.zero(LONGS).addIndex(8);

    /** By the low nibble of a pair (0-7) or single (8-15) symbol byte: its lane-ordered X, 0 where not canonical. */
    static final ByteVector PAIR_SINGLE_X;

    static {
        byte[] pairSingle = new byte[BYTES.length()];
        for (int i = 0; i < pairSingle.length; i++) {
            int e = PlaneCodes.BYTE_SYMBOL8[0x10 | (i & 0x0F)];
            pairSingle[i] = (byte) ((e & 0x100) != 0 ? 0 : e);
        }
        PAIR_SINGLE_X = ByteVector.fromArray(BYTES, pairSingle, 0);
    }

    /**
     * X of whole 8-bit symbols in byte lanes, 0 outside {@code in}: raw `1`+X ({@code raw}) is
     * X bit-reversed, pair and single come from PAIR_SINGLE_X by the low nibble (0 where not
     * canonical). Small enough that C2 inlines it: a vector never crosses a real call.
     */
    static ByteVector xOfWholeSymbols(ByteVector symbols, VectorMask<Byte> raw, VectorMask<Byte> in) {
        return symbols.and((byte) 0x0F)
                .selectFrom(PAIR_SINGLE_X)
                .blend(
                        symbols.lanewise(VectorOperators.REVERSE)
                                .lanewise(VectorOperators.LSHR, 1)
                                .and((byte) PLANE_MASK),
                        raw)
                .blend((byte) 0, in.not());
    }

    /** The lanes whose X has a shorter symbol than raw `1`+X: all ones, a single one, two adjacent ones. */
    static VectorMask<Byte> hasShorterSymbol(ByteVector x) {
        ByteVector low = x.and(x.neg());
        return x.compare(VectorOperators.EQ, (byte) PLANE_MASK)
                .or(x.compare(VectorOperators.EQ, low))
                .or(x.compare(VectorOperators.EQ, low.add(low.lanewise(VectorOperators.LSHL, 1))));
    }

    /** The prefix XOR of the bytes of every long lane, byte 0 first (Swar.prefixXor in lanes). */
    static LongVector prefixXorLanes(LongVector x) {
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHL, 8));
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHL, 16));
        return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHL, 32));
    }

    /**
     * The plane symbols of 8 planes per 64-bit lane, for all lanes at once, joined in their
     * lane: lane i's planes P are the bytes of g[planesAt + i], its X of g[xAt + i] (P = 0 where
     * a plane byte is 0); s[i] and s[L + i] (L lanes) hold the bytes of the lane's zero-run
     * symbols (code, length; 0 where none) on entry. Code and length of each plane symbol come
     * from compares and blends, no table (raw = 1 + X reversed, single one, pair, all ones,
     * `00001`); each lane's 8 symbols are joined by variable shifts, first plane most
     * significant: s[i] = planes 0-3 (s[L + i] bits), s[2L + i] = planes 4-7 (s[3L + i] bits).
     * Vectors go through the arrays, not parameters: a vector crossing a call C2 did not
     * inline is boxed and the slow Java fallback runs.
     */
    static void laneSymbols(long[] g, int planesAt, int xAt, long[] s) {
        int lanes = LONGS.length();
        LongVector planes = LongVector.fromArray(LONGS, g, planesAt);
        ByteVector dbx = LongVector.fromArray(LONGS, g, xAt).reinterpretAsBytes();
        // Plane symbols of X = dbx (P = 0 where the plane byte is 0), byte by byte.
        ByteVector x = dbx;
        VectorMask<Byte> zero = x.compare(VectorOperators.EQ, 0);
        VectorMask<Byte> ones = x.compare(VectorOperators.EQ, (byte) PLANE_MASK);
        VectorMask<Byte> planeZero =
                planes.reinterpretAsBytes().compare(VectorOperators.EQ, 0).andNot(ones);
        ByteVector low = x.and(x.neg());
        ByteVector none = ByteVector.zero(BYTES);
        ByteVector pos = none.blend((byte) 1, low.and((byte) 0xAA).compare(VectorOperators.NE, 0))
                .or(none.blend((byte) 2, low.and((byte) 0xCC).compare(VectorOperators.NE, 0)))
                .or(none.blend((byte) 4, low.and((byte) 0xF0).compare(VectorOperators.NE, 0)));
        VectorMask<Byte> single = x.compare(VectorOperators.EQ, low);
        VectorMask<Byte> pair = x.compare(VectorOperators.EQ, low.add(low.lanewise(VectorOperators.LSHL, 1)));
        ByteVector code = x.lanewise(VectorOperators.REVERSE)
                .lanewise(VectorOperators.LSHR, 1)
                .or((byte) 0x80)
                .blend(pos.or((byte) 0x10), pair)
                .blend(pos.or((byte) 0x18), single)
                .blend((byte) 0, ones)
                .blend((byte) 1, planeZero)
                .blend((byte) 0, zero);
        ByteVector len = ByteVector.broadcast(BYTES, (byte) 8)
                .blend((byte) 5, ones.or(planeZero))
                .blend((byte) 0, zero);
        LongVector codes = code.reinterpretAsLongs().or(LongVector.fromArray(LONGS, s, 0));
        LongVector lengths = len.reinterpretAsLongs().or(LongVector.fromArray(LONGS, s, lanes));
        // Join each lane's 8 symbols, first plane most significant: planes 0-3, then 4-7.
        LongVector acc1 = LongVector.zero(LONGS);
        LongVector bits1 = LongVector.zero(LONGS);
        LongVector acc2 = LongVector.zero(LONGS);
        LongVector bits2 = LongVector.zero(LONGS);
        for (int k = 0; k < 4; k++) {
            LongVector c = codes.lanewise(VectorOperators.LSHR, 8 * k).and(0xFFL);
            LongVector l = lengths.lanewise(VectorOperators.LSHR, 8 * k).and(0xFFL);
            acc1 = acc1.lanewise(VectorOperators.LSHL, l).or(c);
            bits1 = bits1.add(l);
            LongVector c2 = codes.lanewise(VectorOperators.LSHR, 8 * k + 32).and(0xFFL);
            LongVector l2 = lengths.lanewise(VectorOperators.LSHR, 8 * k + 32).and(0xFFL);
            acc2 = acc2.lanewise(VectorOperators.LSHL, l2).or(c2);
            bits2 = bits2.add(l2);
        }
        acc1.intoArray(s, 0);
        bits1.intoArray(s, lanes);
        acc2.intoArray(s, 2 * lanes);
        bits2.intoArray(s, 3 * lanes);
    }

    /**
     * 8x8 bit transpose of each 64-bit lane of a[0..lanes): bit k of byte i goes to bit i of byte
     * k, by three SWAR delta swaps. Its own inverse. Array in, array out, so no vector crosses
     * a call that C2 might not inline (a boxed vector runs the slow Java fallback).
     */
    static void transposeLanes(long[] a) {
        LongVector x = LongVector.fromArray(LONGS, a, 0);
        LongVector t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 7))
                .and(0x00AA00AA00AA00AAL);
        x = x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 7));
        t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 14))
                .and(0x0000CCCC0000CCCCL);
        x = x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 14));
        t = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 28))
                .and(0x00000000F0F0F0F0L);
        x = x.lanewise(VectorOperators.XOR, t).lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 28));
        x.intoArray(a, 0);
    }
}
