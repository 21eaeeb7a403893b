package org.ebpc.kernel.vector;

import java.lang.foreign.MemorySegment;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.StreamLengths;
import org.ebpc.bits.BitWriter;

/** The encoders' per-thread stream buffers and how a finished pair of streams leaves them. */
final class StreamBuffers {

    private StreamBuffers() {}

    /** Per-thread stream buffers, likewise; the streams are copied out at the end. */
    static final ThreadLocal<byte[]> ZNZ_BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

    static final ThreadLocal<byte[]> BPC_BUFFER = ThreadLocal.withInitial(() -> new byte[0]);

    /**
     * The BPC writer's first size: W bits per non-zero word, more than real activations need
     * (the worst case, 1.25 W, would allocate and zero a quarter more for nothing); it grows.
     */
    static long expectedBpcBits(EbpcParams p, int m) {
        return (long) m * p.wordWidth() + 1024;
    }

    /** Where an encoder's finished pair of streams goes: fresh arrays or a caller's memory. */
    interface Sink<R> {
        R take(EbpcParams p, int n, BitWriter znz, BitWriter bpc);
    }

    /** The streams as fresh arrays. */
    static final Sink<EncodedStreams> ARRAYS = (p, n, znz, bpc) -> {
        long znzBits = znz.bitLength();
        long bpcBits = bpc.bitLength();
        EncodedStreams s =
                new EncodedStreams(p, n, znz.finish(p.wordWidth()), znzBits, bpc.finish(p.wordWidth()), bpcBits);
        handBack(znz, bpc);
        return s;
    };

    /** The streams copied into {@code out} (ZNZ, then BPC) if both fit; their lengths either way. */
    static Sink<StreamLengths> into(MemorySegment out) {
        return (p, n, znz, bpc) -> {
            int w = p.wordWidth();
            StreamLengths l =
                    new StreamLengths(n, znz.paddedBytes(w), znz.bitLength(), bpc.paddedBytes(w), bpc.bitLength());
            if (l.bytes() <= out.byteSize()) {
                znz.finishInto(w, out, 0);
                bpc.finishInto(w, out, l.znzBytes());
            }
            handBack(znz, bpc);
            return l;
        };
    }

    /** The writers' buffers, grown or not, kept for this thread's next streams. */
    private static void handBack(BitWriter znz, BitWriter bpc) {
        ZNZ_BUFFER.set(znz.buffer());
        BPC_BUFFER.set(bpc.buffer());
    }
}
