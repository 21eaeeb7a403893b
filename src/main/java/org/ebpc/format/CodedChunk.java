package org.ebpc.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A chunk as written: its head, then the first {@code bytes} bytes of its body (version 2: the
 * slices' payload; version 1: the ZNZ stream, then {@code bpc}). {@code rawWords}: words of
 * slices stored raw.
 */
record CodedChunk(int words, long rawWords, byte[] head, byte[] body, int bytes, byte[] bpc) {

    /** A version 2 chunk: its head and payload. */
    static CodedChunk sliced(Slices.Coded c, int unit) {
        Container.SlicedChunkHeader h = c.head();
        long raw = 0;
        for (int i = 0; i < h.slices(); i++) {
            raw += h.raw(i) ? h.bpcBytes()[i] / unit : 0;
        }
        return new CodedChunk(h.words(), raw, h.toBytes(), c.payload(), c.bytes(), null);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(head);
        out.write(body, 0, bytes);
        if (bpc != null) {
            out.write(bpc);
        }
    }
}
