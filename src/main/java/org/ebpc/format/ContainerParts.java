package org.ebpc.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.ebpc.kernel.Kernel;

/**
 * A container coded in parts: ranges of whole chunks coded apart (on other threads or
 * machines), then joined behind the header with the index. Chunks are independent, so the
 * joined file is byte for byte the one {@link ContainerCodec#compress} writes in one pass.
 * Only the plain layouts split: raw words and little-endian .npy arrays as stored.
 */
public final class ContainerParts {

    /**
     * A file's plan: its container header, where its words start in the file, and the bytes
     * of one chunk. Serializable, to be handed to the machines that code the parts.
     */
    public record Plan(byte[] header, long dataOffset, int chunkBytes) implements Serializable {
        Container.Header parsed() throws IOException {
            return Container.Header.read(new ByteArrayInputStream(header));
        }
    }

    /** A coded part: each of its chunks' bytes and word count, in order. */
    public record Part(long[] chunkBytes, int[] chunkWords) implements Serializable {}

    private ContainerParts() {}

    /** The plan for a header, or null when its layout does not split (NHWC, quantized, big-endian, archives). */
    public static Plan plan(Container.Header h) {
        if (h.kind() == Container.Kind.ARCHIVE || h.nhwc() || h.quantization() != null || h.swapUnit() != 0) {
            return null;
        }
        return new Plan(
                h.toBytes(), h.prefix().length, h.chunkWords() * h.params().bytesPerWord());
    }

    /**
     * Codes the chunks of {@code in} (positioned at the first chunk's first word, holding this
     * part's chunks and no more: the last part ends at the end of the file) onto {@code out}.
     */
    public static Part encode(Plan plan, InputStream in, OutputStream out, Kernel kernel, int threads)
            throws IOException {
        Container.Header h = plan.parsed();
        CountingOutput cout = new CountingOutput(out);
        ChunkIndex index = new ChunkIndex();
        new ContainerCodec(kernel, threads)
                .writeChunks(in, h.params(), h.chunkWords(), h.sliceWords(), cout, index, n -> {});
        cout.flush();
        long[] bytes = new long[index.count];
        for (int i = 0; i < index.count; i++) {
            bytes[i] = (i + 1 < index.count ? index.offsets[i + 1] : cout.count) - index.offsets[i];
        }
        return new Part(bytes, java.util.Arrays.copyOf(index.words, index.count));
    }

    /** Where a part's chunk bytes are read back from when joining. */
    public interface PartSource {
        InputStream open(int part) throws IOException;
    }

    /**
     * Writes the container: header, every part's bytes in order (each checked to be as long as
     * it said), index and trailer. Returns the container's length.
     */
    public static long join(Plan plan, List<Part> parts, PartSource source, OutputStream out) throws IOException {
        Container.Header h = plan.parsed();
        CountingOutput cout = new CountingOutput(out);
        cout.write(plan.header());
        ChunkIndex index = new ChunkIndex();
        byte[] buffer = new byte[1 << 16];
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            long at = cout.count;
            for (int i = 0; i < part.chunkBytes().length; i++) {
                index.record(at, part.chunkWords()[i]);
                at += part.chunkBytes()[i];
            }
            long want = at - cout.count;
            try (InputStream in = source.open(p)) {
                for (long left = want; left > 0; ) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("part " + p + " is shorter than its " + want + " bytes");
                    }
                    cout.write(buffer, 0, n);
                    left -= n;
                }
                if (in.read() >= 0) {
                    throw new IOException("part " + p + " is longer than its " + want + " bytes");
                }
            }
        }
        h.checkWords(index.total);
        cout.write(Container.index(index.offsets, index.words, index.count, index.total, cout.count));
        cout.flush();
        return cout.count;
    }
}
