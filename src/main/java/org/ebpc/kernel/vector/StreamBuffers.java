package org.ebpc.kernel.vector;

import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.bits.BitWriter;

/** The encoders' per-thread stream buffers and how a finished pair of streams leaves them. */
final class StreamBuffers {

    private StreamBuffers() {
    }

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

    static EncodedStreams finish(EbpcParams p, int n, BitWriter znz, BitWriter bpc) {
        long znzBits = znz.bitLength();
        long bpcBits = bpc.bitLength();
        EncodedStreams s = new EncodedStreams(p, n, znz.finish(p.wordWidth()), znzBits, bpc.finish(p.wordWidth()), bpcBits);
        ZNZ_BUFFER.set(znz.buffer());
        BPC_BUFFER.set(bpc.buffer());
        return s;
    }
}
