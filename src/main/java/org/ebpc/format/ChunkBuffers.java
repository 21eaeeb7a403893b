package org.ebpc.format;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpc.kernel.Words;

/**
 * The arrays coding fills, for chunks of one size, handed round between the coding tasks and
 * the writer (decoded words; encoded payloads): a fresh 4 MB array per chunk costs its zeroing and a pass of cache misses,
 * 10-17% of container decoding (docs/PERFORMANCE.md). The decoders write every word of their
 * range and a payload is written only up to its length, so a recycled array needs no clearing. Only arrays that were taken come back, so the
 * pool holds no more than the pipeline ever had in flight. Arrays of other sizes (a file's last
 * chunk) are allocated and not kept.
 */
final class ChunkBuffers {

    private final int width;
    private final int chunkWords;
    private final int chunkBytes;
    /** Little-endian output arrays of chunkWords words. */
    private final ConcurrentLinkedQueue<byte[]> bytes = new ConcurrentLinkedQueue<>();
    /** W > 8: the word arrays the kernel decodes into before the little-endian copy. */
    private final ConcurrentLinkedQueue<Words> scratch = new ConcurrentLinkedQueue<>();
    /** Output arrays handed out and not yet given back. */
    private final AtomicInteger lent = new AtomicInteger();

    ChunkBuffers(int width, int chunkWords) {
        this.width = width;
        this.chunkWords = chunkWords;
        chunkBytes = chunkWords * (width / 8);
    }

    /** An array for n words' bytes, from the pool when n is the chunk size (a chunk's payload, when encoding). */
    byte[] bytes(int n) {
        return n == chunkWords ? takeBytes() : new byte[n * (width / 8)];
    }

    /** Words to decode n words into; for W = 8 their array is the output itself. */
    Words words(int n) {
        if (n != chunkWords) {
            return Words.allocate(width, n);
        }
        if (width == 8) {
            return new Words.Int8(takeBytes());
        }
        Words w = scratch.poll();
        return w != null ? w : Words.allocate(width, n);
    }

    /** The decoded words as little-endian bytes (W = 8: the array itself); W > 8 gives the words back. */
    byte[] toLittleEndian(Words w) {
        if (w.length() != chunkWords || width == 8) {
            return Words.toLittleEndian(w);
        }
        byte[] out = takeBytes();
        MemorySegment to = MemorySegment.ofArray(out);
        switch (w) {
            case Words.Int16 s -> MemorySegment.copy(s.a(), 0, to, Words.LE_SHORT, 0, chunkWords);
            case Words.Int32 i -> MemorySegment.copy(i.a(), 0, to, Words.LE_INT, 0, chunkWords);
            case Words.Int8 b -> throw new IllegalStateException("W = 8 has no copy");
        }
        scratch.add(w);
        return out;
    }

    /**
     * Gives back an output array once it is written; one of another size is dropped, and so is
     * any beyond the number lent (a version 1 chunk's array: that path takes none).
     */
    void recycle(byte[] out) {
        if (out.length == chunkBytes && lent.getAndUpdate(k -> Math.max(0, k - 1)) > 0) {
            bytes.add(out);
        }
    }

    private byte[] takeBytes() {
        lent.incrementAndGet();
        byte[] b = bytes.poll();
        return b != null ? b : new byte[chunkBytes];
    }
}
