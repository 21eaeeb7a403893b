package org.ebpc.kernel;

import static org.ebpc.MalformedStreamException.Stream.BPC;
import static org.ebpc.MalformedStreamException.Stream.ZNZ;

import java.util.Arrays;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;
import org.ebpc.bits.BitWriter;

/**
 * The scalar reference kernel: the executable specification of ../shared/FORMAT.md, written
 * for reading, not speed. Like the hardware it holds one block of N words at a time, for every
 * parameter set. The vector kernel is judged only by agreeing with it.
 */
public final class ScalarKernel implements Kernel {

    public static final ScalarKernel INSTANCE = new ScalarKernel();

    // Plane symbol prefixes (FORMAT.md, "Symbols").
    static final int SYM_ALL_ONES = 0b00000; // X_k all ones
    static final int SYM_PLANE_ZERO = 0b00001; // P_k = 0
    static final int SYM_PAIR = 0b00010; // two adjacent ones, + position
    static final int SYM_SINGLE = 0b00011; // exactly one one, + position

    private ScalarKernel() {}

    @Override
    public String name() {
        return "scalar";
    }

    // ------------------------------------------------------------------------------- encode

    @Override
    public EncodedStreams encode(EbpcParams p, Words in) {
        int n = in.length();
        int z = p.maxZeroRun();
        BitWriter znz = new BitWriter(n);
        BitWriter bpc = new BitWriter((long) n * p.wordWidth() / 2);
        long[] block = new long[p.blockSize()];
        int fill = 0;

        int i = 0;
        while (i < n) {
            long v = in.get(i);
            if (v != 0) {
                // ZNZ: a non-zero word emits 1; the word joins the current BPC block.
                znz.write(1, 1);
                block[fill++] = v;
                if (fill == block.length) {
                    encodeBlock(p, block, bpc);
                    fill = 0;
                }
                i++;
            } else {
                // ZNZ: a run of k zeros (1 <= k <= Z) emits 0 and k-1 in log2(Z) bits.
                int run = 1;
                while (run < z && i + run < n && in.get(i + run) == 0) {
                    run++;
                }
                znz.write(0, 1);
                znz.write(run - 1, p.zeroRunBits());
                i += run;
            }
        }
        if (fill > 0) {
            // The last block is padded with zero words.
            Arrays.fill(block, fill, block.length, 0);
            encodeBlock(p, block, bpc);
        }
        long znzBits = znz.bitLength();
        long bpcBits = bpc.bitLength();
        return new EncodedStreams(p, n, znz.finish(p.wordWidth()), znzBits, bpc.finish(p.wordWidth()), bpcBits);
    }

    /** Codes one block of N sign-extended words (FORMAT.md, "BPC stream", steps 1-5). */
    @SuppressWarnings("exports") // for the analysis package; BitWriter is internal, as this method is to users
    public static void encodeBlock(EbpcParams p, long[] v, BitWriter out) {
        int w = p.wordWidth();
        int n = p.blockSize();
        // 1. Base: v_0 in W bits.
        out.write(v[0], w);
        // 2. Deltas, exact: the words are sign-extended, so a long holds W+1 bits.
        long[] d = new long[n - 1];
        for (int i = 0; i < n - 1; i++) {
            d[i] = v[i + 1] - v[i];
        }
        // 3-5. Planes k = 0 (LSB) .. W (delta sign); consecutive zero DBX planes merge.
        long prevPlane = 0;
        int zeroRun = 0;
        for (int k = 0; k <= w; k++) {
            long plane = 0; // P_k: bit of d_0 is the MSB
            for (int i = 0; i < n - 1; i++) {
                plane = (plane << 1) | ((d[i] >> k) & 1);
            }
            long dbx = plane ^ prevPlane; // X_0 = P_0 since prevPlane starts at 0
            prevPlane = plane;
            if (dbx == 0) {
                zeroRun++;
                continue;
            }
            writeZeroRun(p, zeroRun, out);
            zeroRun = 0;
            writePlane(p, dbx, plane, out);
        }
        writeZeroRun(p, zeroRun, out);
    }

    /** A run of r zero DBX planes: none, `01`, or `001` + r-2 in log2(W) bits. */
    private static void writeZeroRun(EbpcParams p, int r, BitWriter out) {
        if (r == 1) {
            out.write(0b01, 2);
        } else if (r >= 2) {
            out.write(0b001, 3);
            out.write(r - 2, p.planeRunBits());
        }
    }

    /** One non-zero DBX plane X with its plane P, by the first case that applies. */
    private static void writePlane(EbpcParams p, long x, long plane, BitWriter out) {
        int bits = p.blockSize() - 1;
        long allOnes = (1L << bits) - 1;
        int lowest = Long.numberOfTrailingZeros(x);
        if (x == allOnes) {
            out.write(SYM_ALL_ONES, 5);
        } else if (plane == 0) {
            out.write(SYM_PLANE_ZERO, 5);
        } else if (x == (3L << lowest)) {
            // Two adjacent ones; p counts from the MSB (d_0) to the first one.
            out.write(SYM_PAIR, 5);
            out.write(bits - 2 - lowest, p.positionBits());
        } else if (x == (1L << lowest)) {
            out.write(SYM_SINGLE, 5);
            out.write(bits - 1 - lowest, p.positionBits());
        } else {
            out.write(1, 1);
            out.write(x, bits);
        }
    }

    // ------------------------------------------------------------------------------- decode

    @Override
    public void decode(EbpcParams p, byte[] znzBytes, byte[] bpcBytes, Words out) throws MalformedStreamException {
        int n = out.length();
        int z = p.maxZeroRun();
        BitReader znz = new BitReader(znzBytes, ZNZ);
        BitReader bpc = new BitReader(bpcBytes, BPC);
        long[] block = new long[p.blockSize()];
        int used = block.length; // words of the current block handed out
        boolean afterShortRun = false; // a run shorter than Z must be followed by a non-zero word

        int i = 0;
        while (i < n) {
            long symbolStart = znz.position();
            if (znz.readBit() == 1) {
                if (used == block.length) {
                    decodeBlock(p, bpc, block);
                    used = 0;
                }
                long v = block[used++];
                if (v == 0) {
                    throw bpc.error("word " + i + " decodes to zero but the ZNZ stream marks it non-zero");
                }
                out.set(i++, v);
                afterShortRun = false;
            } else {
                int run = (int) znz.read(p.zeroRunBits()) + 1;
                if (afterShortRun) {
                    throw znz.errorAt(symbolStart, "zero run follows a zero run shorter than Z (not canonical)");
                }
                if (run > n - i) {
                    throw znz.errorAt(
                            symbolStart,
                            "zero run of " + run + " words at word " + i + " overshoots the " + n + " words");
                }
                for (int k = 0; k < run; k++) {
                    out.set(i++, 0); // every word of out is written, whatever it held
                }
                afterShortRun = run < z;
            }
        }
        for (; used < block.length; used++) {
            if (block[used] != 0) {
                throw bpc.error("padding word " + used + " of the last block is not zero");
            }
        }
        znz.expectPaddingOnly(p.wordWidth(), "the last of " + n + " words");
        bpc.expectPaddingOnly(p.wordWidth(), "the last block");
    }

    /** Decodes one block into N sign-extended words, rejecting any non-canonical symbol. */
    static void decodeBlock(EbpcParams p, BitReader in, long[] v) throws MalformedStreamException {
        int w = p.wordWidth();
        int n = p.blockSize();
        int bits = n - 1;
        long allOnes = (1L << bits) - 1;
        long blockStart = in.position();
        long base = in.read(w);
        long[] planes = new long[w + 1];
        long prevPlane = 0;
        boolean afterRun = false;
        int k = 0;
        while (k <= w) {
            long symbolStart = in.position();
            long plane;
            if (in.readBit() == 1) { // 1 + X_k
                long x = in.read(bits);
                int lowest = Long.numberOfTrailingZeros(x);
                if (x == 0 || x == allOnes || x == (1L << lowest) || x == (3L << lowest)) {
                    throw in.errorAt(symbolStart, "raw plane " + k + " holds a pattern with a shorter symbol");
                }
                plane = x ^ prevPlane;
                if (plane == 0) {
                    throw in.errorAt(symbolStart, "raw plane " + k + " has P = 0, which has a shorter symbol");
                }
                afterRun = false;
                planes[k++] = plane;
                prevPlane = plane;
                continue;
            }
            if (in.readBit() == 1 || in.readBit() == 1) { // 01 or 001 + r-2: zero DBX planes
                boolean single = in.position() - symbolStart == 2;
                int r = single ? 1 : (int) in.read(p.planeRunBits()) + 2;
                if (afterRun) {
                    throw in.errorAt(symbolStart, "zero-plane run follows another one (not canonical)");
                }
                if (k + r > w + 1) {
                    throw in.errorAt(
                            symbolStart,
                            "zero-plane run of " + r + " from plane " + k + " goes past the last plane " + w);
                }
                for (int j = 0; j < r; j++) {
                    planes[k++] = prevPlane; // X = 0: P_k = P_{k-1}
                }
                afterRun = true;
                continue;
            }
            int kind = (int) in.read(2); // 000 + two bits
            long x;
            switch (kind) {
                case SYM_ALL_ONES -> x = allOnes;
                case SYM_PLANE_ZERO -> {
                    x = prevPlane; // P_k = 0, so X_k = P_{k-1}
                    if (x == 0 || x == allOnes) {
                        throw in.errorAt(
                                symbolStart,
                                "P = 0 symbol at plane " + k + " where X is " + (x == 0 ? "zero" : "all ones")
                                        + " (not canonical)");
                    }
                }
                case SYM_PAIR -> {
                    int pos = (int) in.read(p.positionBits());
                    if (pos > bits - 2) {
                        throw in.errorAt(symbolStart, "adjacent-pair position " + pos + " out of range for N=" + n);
                    }
                    x = 3L << (bits - 2 - pos);
                }
                default -> {
                    int pos = (int) in.read(p.positionBits());
                    if (pos > bits - 1) {
                        throw in.errorAt(symbolStart, "single-one position " + pos + " out of range for N=" + n);
                    }
                    x = 1L << (bits - 1 - pos);
                }
            }
            plane = x ^ prevPlane;
            if (kind != SYM_ALL_ONES && kind != SYM_PLANE_ZERO && plane == 0) {
                throw in.errorAt(symbolStart, "plane " + k + " has P = 0, which has a shorter symbol");
            }
            afterRun = false;
            planes[k++] = plane;
            prevPlane = plane;
        }

        // Gather each delta's W+1 bits from the planes, then prefix-sum from the base.
        long value = signExtend(base, w);
        v[0] = value;
        for (int i = 0; i < n - 1; i++) {
            long d = 0;
            for (int b = w; b >= 0; b--) {
                d = (d << 1) | ((planes[b] >>> (bits - 1 - i)) & 1);
            }
            long next = value + signExtend(d, w + 1);
            if (next != signExtend(next, w)) {
                throw in.errorAt(
                        blockStart,
                        "delta " + i + " of the block takes a word out of the " + w + "-bit range (not canonical)");
            }
            value = next;
            v[i + 1] = value;
        }
    }

    static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }
}
