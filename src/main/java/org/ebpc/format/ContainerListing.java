package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;
import org.ebpc.EbpcParams;
import org.ebpc.MalformedStreamException;
import org.ebpc.bits.BitReader;

/** A container's listing: its words and zero words from the headers and ZNZ streams alone, no BPC stream decoded. */
final class ContainerListing {

    private ContainerListing() {}

    /**
     * Reads a container for a listing: headers and ZNZ streams (to count zeros), skipping the
     * BPC streams; sizes are validated, checksums are not (that is {@code -t}).
     */
    static ContainerCodec.Result list(InputStream source) throws IOException {
        CountingInput in = new CountingInput(source);
        Container.Header h = Container.Header.read(in);
        ChunkIndex seen = new ChunkIndex();
        long zeros = 0;
        long originalBytes = h.prefix().length;
        if (h.kind() == Container.Kind.ARCHIVE) {
            long[] counted = {0};
            originalBytes += ArchiveSegments.walk(in, h, seen, new ArchiveSegments.Visitor() {
                public void verbatim(long length) throws IOException {
                    if (length > Long.MAX_VALUE - 4 || in.skipNBytesChecked(length + 4) != length + 4) {
                        throw CorruptContainerException.truncated("a verbatim segment");
                    }
                }

                public void coded(EbpcParams p, long words) throws IOException {
                    counted[0] += listChunks(in, p, h, seen, words);
                }
            });
            zeros = counted[0];
        } else {
            zeros = listChunks(in, h.params(), h, seen, -1);
            originalBytes += seen.total * h.params().bytesPerWord();
        }
        h.checkWords(seen.total);
        return new ContainerCodec.Result(h, seen.total, zeros, seen.count, originalBytes);
    }

    /** A segment's chunks without decoding: sizes checked, zeros counted from the ZNZ streams. */
    private static long listChunks(CountingInput in, EbpcParams p, Container.Header h, ChunkIndex seen, long words)
            throws IOException {
        long[] zeros = {0};
        ChunkReader.each(in, p, h, seen, words, (chunk, c, offset) -> {
            if (c.sliced() != null) {
                zeros[0] += Slices.zeros(p, c.sliced(), c.payload(), h.sliceWords(), chunk);
                return;
            }
            try {
                zeros[0] += zerosInZnz(p, c.znz(), c.words());
            } catch (MalformedStreamException e) {
                throw CorruptContainerException.inChunk(chunk, "corrupt " + e.getMessage());
            }
        });
        return zeros[0];
    }

    /** Counts zero words from a ZNZ stream alone (for listings without a full decode). */
    static long zerosInZnz(EbpcParams p, byte[] znz, int n) throws MalformedStreamException {
        BitReader r = new BitReader(znz, MalformedStreamException.Stream.ZNZ);
        long zeros = 0;
        int i = 0;
        while (i < n) {
            if (r.readBit() == 1) {
                i++;
            } else {
                int run = (int) r.read(p.zeroRunBits()) + 1;
                zeros += run;
                i += run;
            }
        }
        return zeros;
    }
}
