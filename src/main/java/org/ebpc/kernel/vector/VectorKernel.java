package org.ebpc.kernel.vector;

import java.lang.foreign.MemorySegment;
import java.util.List;
import jdk.incubator.vector.VectorShape;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.StreamLengths;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.ScalarKernel;
import org.ebpc.kernel.Words;

/**
 * The Vector API kernel for the hot paths, W=8 and W=16 with N=8; every other parameter set
 * goes to {@link ScalarKernel}. Judged only by agreeing with the scalar kernel bit for bit.
 *
 * <p>Encoding is two passes. (1) Zero masking: a vector compare per group of words gives the
 * non-zero mask; the ZNZ symbols come from tables by 16 mask bits at a time (a byte for Z other
 * than 16), and the non-zero words are compacted into a dense array (Compaction).
 * (2) Bit-plane coding: several blocks of 8 dense words per vector (a 256-bit register holds 4
 * int8 blocks): deltas and the delta sign by lane-wise
 * subtract and compare, the 8x8 bit transposition of each block by three SWAR delta-swap
 * steps on 64-bit lanes, the DBX planes by a shifted XOR, and a compare that marks zero
 * planes. The plane symbols are then computed in byte lanes (compares and blends) and joined
 * in their 64-bit lane by variable shifts (int8: one block per lane; int16: planes 0-7 and
 * 8-15 of a block in two lanes). Decoding runs the same steps backwards. The transposition
 * is its own inverse.
 *
 * <p>The classes of this package, by stage: {@link Species} (the vector shape and block counts),
 * {@link ZnzWriter}, {@link ZnzReader}, {@link ZnzTable} and {@link ZnzPairReader} (the
 * zero/non-zero stream), {@link Compaction} (non-zero words to a dense run and back, by
 * VPCOMPRESSB/VPEXPANDB, PEXT/PDEP or byte shuffles), {@link Int8Encoder}, {@link Int16Encoder},
 * {@link Int8Decoder}, {@link Int16Decoder} (the bit-plane blocks of each width),
 * {@link SliceDecoder8}, {@link SliceDecoder16} and {@link SlicePairs} (a chunk's slices two at
 * a time), {@link PlaneLanes} (vector steps both widths share), {@link Swar} (scalar bit tricks),
 * {@link PlaneCodes} (symbol tables), {@link StreamBuffers} (per-thread buffers). Only this
 * package imports {@code jdk.incubator.vector}; C2 inlines across its classes.
 *
 * <p>Decoding validates as strictly as the scalar kernel; on any fault it hands the streams to
 * the scalar kernel, which throws the precise {@link MalformedStreamException}.
 */
public final class VectorKernel implements Kernel {

    public static final VectorKernel INSTANCE = new VectorKernel();

    private VectorKernel() {}

    /** Null if this kernel can run well here, else why not (called by Kernels by reflection). */
    public static String unavailableReason() {
        int hw = VectorShape.preferredShape().vectorBitSize();
        if (hw < 128) {
            return "the hardware's vectors are " + hw + " bits, fewer than 128";
        }
        return null;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public EncodedStreams encode(EbpcParams p, Words in) {
        EncodedStreams s = vectorEncode(p, in, 0, in.length(), StreamBuffers.ARRAYS);
        return s != null ? s : ScalarKernel.INSTANCE.encode(p, in);
    }

    /**
     * Words [from, to) by the vector encoders (W = 8 and 16 with N = 8), the streams handed to
     * {@code sink}; null for the parameter sets the scalar kernel codes.
     */
    private static <R> R vectorEncode(EbpcParams p, Words in, int from, int to, StreamBuffers.Sink<R> sink) {
        if (p.blockSize() == 8) {
            if (in instanceof Words.Int8(byte[] a)) {
                return Int8Encoder.encode8(p, a, from, to - from, sink);
            }
            if (in instanceof Words.Int16(short[] a)) {
                return Int16Encoder.encode16(p, a, from, to - from, sink);
            }
        }
        return null;
    }

    @Override
    public void decode(EbpcParams p, byte[] znz, byte[] bpc, Words out) throws MalformedStreamException {
        if (p.blockSize() == 8 && (out instanceof Words.Int8 || out instanceof Words.Int16)) {
            try {
                if (out instanceof Words.Int8(byte[] a)) {
                    Int8Decoder.decode8(p, znz, bpc, a, 0, a.length);
                } else if (out instanceof Words.Int16(short[] a)) {
                    Int16Decoder.decode16(p, znz, bpc, a, 0, a.length);
                }
                return;
            } catch (Invalid | MalformedStreamException e) {
                // The scalar kernel names the fault precisely.
                ScalarKernel.INSTANCE.decode(p, znz, bpc, out);
                throw new IllegalStateException("vector kernel rejected streams the scalar kernel accepts: " + e);
            }
        }
        ScalarKernel.INSTANCE.decode(p, znz, bpc, out);
    }

    @Override
    public EncodedStreams encode(EbpcParams p, Words in, int from, int to) {
        EncodedStreams s = vectorEncode(p, in, from, to, StreamBuffers.ARRAYS);
        return s != null ? s : Kernel.super.encode(p, in, from, to);
    }

    @Override
    public StreamLengths encode(EbpcParams p, Words in, int from, int to, MemorySegment out) {
        StreamLengths l = vectorEncode(p, in, from, to, StreamBuffers.into(out));
        return l != null ? l : Kernel.super.encode(p, in, from, to, out);
    }

    @Override
    public void decode(EbpcParams p, byte[] znz, byte[] bpc, Words out, int at, int count)
            throws MalformedStreamException {
        if (p.blockSize() == 8 && (out instanceof Words.Int8 || out instanceof Words.Int16)) {
            try {
                if (out instanceof Words.Int8(byte[] a)) {
                    Int8Decoder.decode8(p, znz, bpc, a, at, count);
                } else if (out instanceof Words.Int16(short[] a)) {
                    Int16Decoder.decode16(p, znz, bpc, a, at, count);
                }
                return;
            } catch (Invalid | MalformedStreamException e) {
                ScalarKernel.INSTANCE.decode(p, znz, bpc, out, at, count); // names the fault
                throw new IllegalStateException("vector kernel rejected streams the scalar kernel accepts: " + e);
            }
        }
        Kernel.super.decode(p, znz, bpc, out, at, count);
    }

    @Override
    public void decodeSlices(EbpcParams p, byte[] buf, List<Slice> slices, Words out) throws SliceException {
        if (p.blockSize() == 8 && (out instanceof Words.Int8 || out instanceof Words.Int16)) {
            try {
                if (out instanceof Words.Int8(byte[] a)) {
                    SliceDecoder8.decode(p, buf, slices, a);
                } else if (out instanceof Words.Int16(short[] a)) {
                    SliceDecoder16.decode(p, buf, slices, a);
                }
                return;
            } catch (Invalid e) {
                ScalarKernel.INSTANCE.decodeSlices(p, buf, slices, out); // names the slice and the fault
                throw new IllegalStateException("vector kernel rejected slices the scalar kernel accepts");
            }
        }
        Kernel.super.decodeSlices(p, buf, slices, out);
    }
}
