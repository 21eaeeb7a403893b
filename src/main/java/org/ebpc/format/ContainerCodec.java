package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.io.Layout;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Words;

/**
 * Streams a whole file through the .ebpc container, chunk by chunk, with up to T chunks coded
 * in parallel and at most 2T in flight: memory is bounded by threads x chunk size whatever the
 * file size. The output is the same for every thread count.
 */
public final class ContainerCodec {

    /** What a run processed; rawWords: words compression stored raw (its streams would have been larger). */
    public record Result(
            Container.Header header, long words, long zeros, int chunks, long originalBytes, long rawWords) {
        Result(Container.Header header, long words, long zeros, int chunks, long originalBytes) {
            this(header, words, zeros, chunks, originalBytes, 0);
        }
    }

    private final Kernel kernel;
    private final int threads;
    /**
     * The arrays coding fills (encoded payloads, decoded words) by word size and chunk size, kept
     * from one file to the next: a folder of files or a benchmark's rounds reuse them (at most the
     * arrays once in flight).
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, ChunkBuffers> buffers =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ContainerCodec(Kernel kernel, int threads) {
        this.kernel = kernel;
        this.threads = Math.max(1, threads);
    }

    /**
     * Writes header, chunks, index and trailer to {@code out}; {@code in} is positioned after
     * the header's prefix and holds the words to its end. {@code progress} gets input bytes.
     */
    public Result compress(InputStream in, OutputStream out, Container.Header h, LongConsumer progress)
            throws IOException {
        int swap = h.swapUnit();
        if (swap > 0) {
            in = org.ebpc.io.ByteSwap.input(in, swap); // big-endian elements: the codec takes little-endian words
        }
        if (h.nhwc()) {
            // Channels-last: the whole array is put in NCHW order first (in memory, at most 2 GiB).
            long[] shape = h.npy().shape();
            byte[] raw = in.readNBytes(Integer.MAX_VALUE - 64);
            if (raw.length != h.npy().dataBytes()) {
                throw new IOException("the .npy data is " + raw.length + " bytes, its shape needs "
                        + h.npy().dataBytes());
            }
            Words nchw =
                    Layout.NHWC.convert(Words.fromLittleEndian(raw, h.params().wordWidth()), shape, Layout.NCHW);
            in = new java.io.ByteArrayInputStream(Words.toLittleEndian(nchw));
        }
        CountingOutput cout = new CountingOutput(out);
        cout.write(h.toBytes());
        ChunkIndex index = new ChunkIndex();
        writeChunks(in, h.params(), h.chunkWords(), h.sliceWords(), cout, index, progress);
        h.checkWords(index.total);
        cout.write(Container.index(index.offsets, index.words, index.count, index.total, cout.count));
        cout.flush();
        return new Result(h, index.total, -1, index.count, -1, index.rawWords);
    }

    /**
     * Writes an archive (.npz, .safetensors) held in memory: the given regions (array data, in
     * file order) coded, the bytes between and around them verbatim, so it comes back byte for byte.
     */
    public Result compressArchive(
            byte[] file,
            java.util.List<org.ebpc.io.TensorFiles.Region> regions,
            OutputStream out,
            Container.Header h,
            LongConsumer progress)
            throws IOException {
        CountingOutput cout = new CountingOutput(out);
        cout.write(h.toBytes());
        ChunkIndex index = new ChunkIndex();
        long pos = 0;
        try (Pipeline<CodedChunk> pipe = new Pipeline<>(threads)) { // one pool for all segments: there may be 10^5
            for (org.ebpc.io.TensorFiles.Region r : regions) {
                ArchiveSegments.writeVerbatim(cout, file, pos, r.offset() - pos);
                EbpcParams p = ArchiveSegments.segmentParams(h, r.dtype());
                ArchiveSegments.writeCodedHead(cout, r.dtype(), r.length() / r.dtype().bytes);
                writeChunks(file, (int) r.offset(), (int) r.length(), p, h, cout, index, progress, pipe);
                pos = r.offset() + r.length();
            }
        }
        ArchiveSegments.writeVerbatim(cout, file, pos, file.length - pos);
        cout.write(Container.index(index.offsets, index.words, index.count, index.total, cout.count));
        cout.flush();
        return new Result(h, index.total, -1, index.count, file.length, index.rawWords);
    }

    /** writeChunks for words already in memory: data[from, from + length), chunks cut without copying the rest. */
    private void writeChunks(
            byte[] data,
            int from,
            int length,
            EbpcParams p,
            Container.Header h,
            CountingOutput cout,
            ChunkIndex index,
            LongConsumer progress,
            Pipeline<CodedChunk> pipe)
            throws IOException {
        EbpcEncoder encoder = new EbpcEncoder(p, kernel);
        int unit = p.bytesPerWord();
        int chunkBytes = h.chunkWords() * unit;
        int sliceWords = h.sliceWords();
        ChunkBuffers payloads = buffers(h.chunkWords(), unit);
        for (int at = from; at < from + length; at += chunkBytes) {
            byte[] raw = Arrays.copyOfRange(data, at, Math.min(from + length, at + chunkBytes));
            progress.accept(raw.length);
            int crc = Container.crc(raw, 0, raw.length);
            write(pipe.submit(() -> encode(encoder, raw, crc, sliceWords, payloads)), cout, index, payloads);
        }
        drain(pipe, cout, index, payloads);
    }

    /** Writes the pipeline's remaining chunks, in order. */
    private static void drain(Pipeline<CodedChunk> pipe, CountingOutput cout, ChunkIndex index, ChunkBuffers payloads)
            throws IOException {
        for (CodedChunk done = pipe.drain(); done != null; done = pipe.drain()) {
            write(done, cout, index, payloads);
        }
    }

    /** Writes a coded chunk (if any) and records it in the index; its payload array is then reused. */
    private static void write(CodedChunk done, CountingOutput cout, ChunkIndex index, ChunkBuffers payloads)
            throws IOException {
        if (done != null) {
            index.add(cout, done);
            payloads.recycle(done.body());
        }
    }

    /**
     * Codes all words of {@code in} in chunks, T in parallel, written in order; the input is read
     * and checksummed one chunk ahead on a thread of its own. An input of less than one chunk (a
     * typical trace file) is coded on the caller's thread: a reader and a worker thread for each
     * of 5,000 small files cost about 1 ms a file.
     */
    void writeChunks(
            InputStream in,
            EbpcParams p,
            int chunkWords,
            int sliceWords,
            CountingOutput cout,
            ChunkIndex index,
            LongConsumer progress)
            throws IOException {
        EbpcEncoder encoder = new EbpcEncoder(p, kernel);
        int unit = p.bytesPerWord();
        int chunkBytes = chunkWords * unit;
        ChunkBuffers payloads = buffers(chunkWords, unit);
        byte[] first = Container.readUpTo(in, chunkBytes);
        if (first.length < chunkBytes) {
            if (first.length > 0) {
                checkWholeWords(first.length, p);
                progress.accept(first.length);
                write(
                        encode(encoder, first, Container.crc(first, 0, first.length), sliceWords, payloads),
                        cout,
                        index,
                        payloads);
            }
            return;
        }
        try (ReadAhead input = new ReadAhead(in, chunkBytes);
                Pipeline<CodedChunk> pipe = new Pipeline<>(threads)) {
            ReadAhead.Piece piece = new ReadAhead.Piece(first, first.length, Container.crc(first, 0, first.length));
            for (; piece != null; piece = input.next()) {
                byte[] raw = piece.length() == chunkBytes ? piece.data() : Arrays.copyOf(piece.data(), piece.length());
                checkWholeWords(raw.length, p);
                progress.accept(raw.length);
                int crc = piece.crc();
                write(
                        pipe.submit(() -> {
                            CodedChunk chunk = encode(encoder, raw, crc, sliceWords, payloads);
                            if (raw.length == chunkBytes) {
                                input.recycle(raw);
                            }
                            return chunk;
                        }),
                        cout,
                        index,
                        payloads);
            }
            drain(pipe, cout, index, payloads);
        }
    }

    private static void checkWholeWords(int bytes, EbpcParams p) throws IOException {
        int left = bytes % p.bytesPerWord();
        if (left != 0) {
            throw new IOException("input ends inside a word: " + left + (left == 1 ? " byte" : " bytes")
                    + " left over after the last whole " + p.wordWidth() + "-bit word");
        }
    }

    /** A chunk in the layout of the header's version: slices (version 2) or one stream pair (version 1). */
    private static CodedChunk encode(EbpcEncoder encoder, byte[] raw, int crc, int sliceWords, ChunkBuffers payloads) {
        if (sliceWords != 0) {
            return CodedChunk.sliced(
                    Slices.encode(encoder, raw, crc, sliceWords, payloads),
                    encoder.params().bytesPerWord());
        }
        EncodedStreams s =
                encoder.encode(Words.fromLittleEndian(raw, encoder.params().wordWidth())); // W=8: no copy
        byte[] head = new Container.ChunkHeader((int) s.words(), s.znz().length, s.bpc().length, crc).toBytes();
        return new CodedChunk((int) s.words(), 0, head, s.znz(), s.znz().length, s.bpc());
    }

    /**
     * Reads a container from {@code in} to its end, checking everything, and writes the original
     * file to {@code out} (null: test only). {@code progress} gets container bytes read.
     */
    public Result decompress(InputStream source, OutputStream out, LongConsumer progress) throws IOException {
        // Containers one after the other (ebpc -c a b > ab.ebpc, as zstd frames) decode to the
        // originals one after the other; anything else after a container is damage.
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(source, Container.MAGIC.length);
        Result first = decompressOne(in, out, progress);
        long words = first.words();
        int chunks = first.chunks();
        long originalBytes = first.originalBytes();
        while (true) {
            byte[] next = in.readNBytes(Container.MAGIC.length);
            if (next.length == 0) {
                return new Result(first.header(), words, -1, chunks, originalBytes);
            }
            CorruptContainerException.verify(
                    Arrays.equals(next, Container.MAGIC), "bytes after the end of the container");
            in.unread(next);
            Result r = decompressOne(in, out, progress);
            words += r.words();
            chunks += r.chunks();
            originalBytes += r.originalBytes();
        }
    }

    /** One container from {@code source}, read up to its end magic. */
    private Result decompressOne(InputStream source, OutputStream out, LongConsumer progress) throws IOException {
        CountingInput in = new CountingInput(source);
        Container.Header h = Container.Header.read(in);
        if (out != null) {
            out.write(h.prefix());
            int swap = h.swapUnit();
            if (swap > 0) {
                out = org.ebpc.io.ByteSwap.output(out, swap); // the words back to the file's big-endian order
            }
        }
        OutputStream finalOut = out;
        if ((h.nhwc() || h.quantization() != null) && out != null) {
            out = new java.io.ByteArrayOutputStream(); // transformed back at the end: NHWC order, floats
        }
        ChunkIndex seen = new ChunkIndex();
        long originalBytes = h.prefix().length;
        // One pool for the whole container: an archive of 10^5 tiny arrays is 10^5 segments.
        try (Pipeline<Decoded> pipe = new Pipeline<>(threads)) {
            if (h.kind() == Container.Kind.ARCHIVE) {
                OutputStream to = out;
                originalBytes += ArchiveSegments.walk(in, h, seen, new ArchiveSegments.Visitor() {
                    public void verbatim(long length) throws IOException {
                        ArchiveSegments.copyVerbatim(in, to, length);
                    }

                    public void coded(EbpcParams p, long words) throws IOException {
                        readChunks(in, to, p, h, seen, words, progress, pipe);
                    }
                });
            } else {
                readChunks(in, out, h.params(), h, seen, -1, progress, pipe);
                originalBytes += seen.total * h.params().bytesPerWord();
            }
        }
        h.checkWords(seen.total);
        if (finalOut != out) {
            byte[] data = ((java.io.ByteArrayOutputStream) out).toByteArray();
            if (h.nhwc()) {
                long[] nchwShape = Layout.NHWC.shape(h.npy().shape(), Layout.NCHW);
                data = Words.toLittleEndian(Layout.NCHW.convert(
                        Words.fromLittleEndian(data, h.params().wordWidth()), nchwShape, Layout.NHWC));
            }
            if (h.quantization() != null) {
                data = Quantizer.dequantize(
                        data,
                        h.dtype(),
                        h.quantization().original(),
                        h.quantization().scale());
            }
            finalOut.write(data);
        }
        if (finalOut != null) {
            finalOut.flush();
        }
        return new Result(h, seen.total, -1, seen.count, originalBytes);
    }

    /**
     * Reads chunks and writes their words in order, T decoded in parallel: {@code words} of them,
     * or (words < 0) up to the index, which it then checks.
     */
    private void readChunks(
            CountingInput in,
            OutputStream out,
            EbpcParams p,
            Container.Header h,
            ChunkIndex seen,
            long words,
            LongConsumer progress,
            Pipeline<Decoded> pipe)
            throws IOException {
        EbpcDecoder decoder = new EbpcDecoder(p, kernel);
        ChunkBuffers buffers = buffers(h.chunkWords(), p.bytesPerWord());
        ChunkReader.each(in, p, h, seen, words, (chunk, c, offset) -> {
            progress.accept(in.count - offset);
            int crc = c.sliced() != null ? c.sliced().crc() : c.header().crc();
            Callable<Decoded> decode = () -> new Decoded(
                    c.sliced() != null
                            ? Slices.decode(decoder, c.sliced(), c.payload(), h.sliceWords(), chunk, buffers)
                            : decodeChunk(decoder, p, c.header(), c.znz(), c.payload(), chunk),
                    crc,
                    chunk);
            // A short chunk is the last of its segment: with nothing in flight, decoded here
            // (a container of one chunk starts no thread).
            Decoded done = c.words() < h.chunkWords() && pipe.idle() ? call(decode) : pipe.submit(decode);
            write(done, out, buffers);
        });
        for (Decoded done = pipe.drain(); done != null; done = pipe.drain()) {
            write(done, out, buffers);
        }
    }

    /** The pool of arrays for chunks of {@code words} words of {@code unit} bytes. */
    private ChunkBuffers buffers(int words, int unit) {
        return buffers.computeIfAbsent((long) unit << 32 | words, k -> new ChunkBuffers(8 * unit, words));
    }

    /** A decoded chunk's bytes, not yet checked against its CRC32C. */
    private record Decoded(byte[] bytes, int crc, int chunk) {}

    /**
     * Checks a decoded chunk (if any) against its CRC32C and writes it (if there is an output),
     * then recycles its array. The check runs here, not in the decoding task: with -T1 this
     * thread is otherwise mostly waiting, so the checksum overlaps the next chunk's decoding.
     */
    private static void write(Decoded done, OutputStream out, ChunkBuffers buffers) throws IOException {
        if (done != null) {
            if (Container.crc(done.bytes(), 0, done.bytes().length) != done.crc()) {
                throw CorruptContainerException.inChunk(done.chunk(), "checksum mismatch (the data is damaged)");
            }
            if (out != null) {
                out.write(done.bytes());
            }
            buffers.recycle(done.bytes());
        }
    }

    /** Runs a decoding task on this thread, its exceptions as the pipeline would rethrow them. */
    private static <T> T call(Callable<T> task) throws IOException {
        try {
            return task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static byte[] decodeChunk(
            EbpcDecoder decoder, EbpcParams p, Container.ChunkHeader ch, byte[] znz, byte[] bpc, int chunk)
            throws CorruptContainerException {
        Words w;
        try {
            w = decoder.decode(znz, bpc, ch.words(), p.wordWidth());
        } catch (MalformedStreamException e) {
            throw CorruptContainerException.inChunk(chunk, "corrupt " + e.getMessage());
        }
        return Words.toLittleEndian(w);
    }

    /**
     * Reads a container for a listing: headers and ZNZ streams (to count zeros), skipping the
     * BPC streams; sizes are validated, checksums are not (that is {@code -t}).
     */
    public Result list(InputStream source) throws IOException {
        return ContainerListing.list(source);
    }
}
