package org.ebpc.format;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.MalformedStreamException;
import org.ebpc.StreamLengths;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Words;

/**
 * One version 2 chunk's payload: its words cut into slices of a fixed word count, each slice a
 * complete EBPC stream pair (the hardware decodes it as it is) or, where that pair would be
 * larger than the slice's words, the words themselves (docs/FORMAT-CONTAINER.md).
 */
final class Slices {

    private Slices() {}

    /** A coded chunk: its head, then its payload's first {@code bytes} bytes (from buffers when full size). */
    record Coded(Container.SlicedChunkHeader head, byte[] payload, int bytes) {}

    /**
     * Codes the little-endian words of {@code raw} (a whole number of words, at least one), each
     * slice's streams straight into one payload array: a slice whose streams would not fit in its
     * words' bytes is stored raw instead, so the payload never outgrows the words.
     */
    static Coded encode(EbpcEncoder encoder, byte[] raw, int crc, int sliceWords, ChunkBuffers buffers) {
        EbpcParams p = encoder.params();
        int unit = p.bytesPerWord();
        int words = raw.length / unit;
        int slices = (words + sliceWords - 1) / sliceWords;
        int[] znz = new int[slices];
        int[] bpc = new int[slices];
        byte[] payload = buffers.bytes(words);
        MemorySegment out = MemorySegment.ofArray(payload);
        Words all = Words.fromLittleEndian(raw, p.wordWidth()); // W = 8: the array itself
        int at = 0;
        for (int i = 0; i < slices; i++) {
            int from = i * sliceWords;
            int to = Math.min(words, from + sliceWords);
            int rawBytes = (to - from) * unit;
            StreamLengths s = encoder.encodeIfFits(all, from, to, out.asSlice(at, rawBytes));
            if (s.bytes() <= rawBytes) {
                znz[i] = s.znzBytes();
                bpc[i] = s.bpcBytes();
            } else { // stored raw: the streams would be larger than the words
                znz[i] = 0;
                bpc[i] = rawBytes;
                System.arraycopy(raw, from * unit, payload, at, rawBytes);
            }
            at += znz[i] + bpc[i];
        }
        return new Coded(new Container.SlicedChunkHeader(words, crc, znz, bpc), payload, at);
    }

    /** Bytes the kernel may read past a payload's last stream. */
    static final int SLACK = 32;

    /**
     * Decodes a chunk's payload (every slice's bytes, in order; best followed by SLACK bytes, else
     * it is copied) to its original little-endian bytes, into {@code buffers}' arrays when they
     * hold chunks of its size; the caller checks the chunk's CRC32C.
     */
    static byte[] decode(
            EbpcDecoder decoder,
            Container.SlicedChunkHeader h,
            byte[] payload,
            int sliceWords,
            int chunk,
            ChunkBuffers buffers)
            throws CorruptContainerException {
        EbpcParams p = decoder.params();
        int unit = p.bytesPerWord();
        Words words = buffers.words(h.words());
        List<Kernel.Slice> coded = new ArrayList<>(h.slices());
        int at = 0;
        for (int i = 0; i < h.slices(); i++) {
            int n = Math.min(sliceWords, h.words() - i * sliceWords);
            if (h.raw(i)) {
                Words.copyFromLittleEndian(payload, at, words, i * sliceWords, n);
                at += n * unit;
                continue;
            }
            coded.add(new Kernel.Slice(at, h.znzBytes()[i], at + h.znzBytes()[i], h.bpcBytes()[i], i * sliceWords, n));
            at += h.znzBytes()[i] + h.bpcBytes()[i];
        }
        try {
            decoder.decodeSlices(
                    payload.length >= at + SLACK ? payload : Arrays.copyOf(payload, at + SLACK), coded, words);
        } catch (Kernel.SliceException e) {
            int slice = coded.get(e.index()).outAt() / sliceWords; // raw slices are not in the list
            throw CorruptContainerException.inSlice(chunk, slice, "corrupt " + e.getMessage());
        }
        return buffers.toLittleEndian(words); // W = 8: the array itself
    }

    /** Zero words of a chunk, from its ZNZ streams and raw slices alone (for listings). */
    static long zeros(EbpcParams p, Container.SlicedChunkHeader h, byte[] payload, int sliceWords, int chunk)
            throws CorruptContainerException {
        int unit = p.bytesPerWord();
        long zeros = 0;
        int at = 0;
        for (int i = 0; i < h.slices(); i++) {
            int n = Math.min(sliceWords, h.words() - i * sliceWords);
            if (h.raw(i)) {
                for (int w = 0; w < n; w++) {
                    boolean zero = true;
                    for (int b = 0; b < unit; b++) {
                        zero &= payload[at + w * unit + b] == 0;
                    }
                    zeros += zero ? 1 : 0;
                }
                at += n * unit;
                continue;
            }
            try {
                zeros += ContainerListing.zerosInZnz(p, Arrays.copyOfRange(payload, at, at + h.znzBytes()[i]), n);
            } catch (MalformedStreamException e) {
                throw CorruptContainerException.inSlice(chunk, i, "corrupt " + e.getMessage());
            }
            at += h.znzBytes()[i] + h.bpcBytes()[i];
        }
        return zeros;
    }
}
