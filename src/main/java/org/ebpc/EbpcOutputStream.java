package org.ebpc;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernels;

/**
 * Compresses the raw words written to it into an {@code .ebpc} container on {@code out}, the same
 * bytes {@code ebpc --dtype int8 FILE} (or the options' dtype and parameters) writes for a file
 * of those bytes. Chunks are coded on a thread of the codec's while the caller writes; memory is
 * bounded by a few chunks whatever is streamed. {@link #close()} writes the index and closes
 * {@code out}; a failure of the codec or of {@code out} surfaces as an IOException from the next
 * write or from close. Not thread-safe.
 *
 * <pre>{@code
 * try (OutputStream o = new EbpcOutputStream(Files.newOutputStream(Path.of("acts.ebpc")))) {
 *     o.write(int8Activations);
 * }
 * }</pre>
 */
public final class EbpcOutputStream extends OutputStream {

    /**
     * What to code: the words' dtype (int8, uint8, int16, float16, bfloat16, int32, float32, ...;
     * W is its width), the block size N and max zero run Z, the words per chunk and the coding threads.
     */
    public record Options(String dtype, int blockSize, int maxZeroRun, int chunkWords, int threads) {
        /** int8 words, the hardware's N = 8 and Z = 16, chunks of 2^22 words, one thread: what `ebpc --dtype int8` writes. */
        public static final Options DEFAULT = new Options("int8", 8, 16, Container.DEFAULT_CHUNK_WORDS, 1);

        public Options {
            Objects.requireNonNull(dtype, "dtype");
            Npy.Dtype d = Npy.Dtype.parse(dtype);
            new EbpcParams(d.wordWidth(), blockSize, maxZeroRun); // validates N and Z
            if (chunkWords < 1 || chunkWords > 1 << 24) {
                throw new IllegalArgumentException("chunk words must be in 1..2^24, not " + chunkWords);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }

        public Options withDtype(String d) {
            return new Options(d, blockSize, maxZeroRun, chunkWords, threads);
        }

        public Options withParams(int n, int z) {
            return new Options(dtype, n, z, chunkWords, threads);
        }

        public Options withChunkWords(int words) {
            return new Options(dtype, blockSize, maxZeroRun, words, threads);
        }

        public Options withThreads(int t) {
            return new Options(dtype, blockSize, maxZeroRun, chunkWords, t);
        }
    }

    private static final int PIECE = 1 << 16;
    private final StreamPipe pipe = new StreamPipe(64);
    private final Thread coder;
    private final OutputStream out;
    private byte[] piece = new byte[PIECE];
    private int filled;
    private boolean closed;

    public EbpcOutputStream(OutputStream out) {
        this(out, Options.DEFAULT);
    }

    public EbpcOutputStream(OutputStream out, Options options) {
        this.out = Objects.requireNonNull(out, "out");
        Npy.Dtype d = Npy.Dtype.parse(options.dtype());
        EbpcParams p = new EbpcParams(d.wordWidth(), options.blockSize(), options.maxZeroRun());
        Container.Header h = new Container.Header(p, Container.Kind.RAW, d, options.chunkWords(), new byte[0]);
        ContainerCodec codec = new ContainerCodec(Kernels.preferred(), options.threads());
        coder = Thread.ofPlatform().daemon().name("ebpc-output").start(() -> {
            try {
                codec.compress(pipe.input(), out, h, n -> {});
                out.flush();
                pipe.fail(null);
            } catch (Throwable t) {
                pipe.fail(t);
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        piece[filled++] = (byte) b;
        if (filled == PIECE) {
            handOver();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            int n = Math.min(len, PIECE - filled);
            System.arraycopy(b, off, piece, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == PIECE) {
                handOver();
            }
        }
    }

    /** Chunks are written whole: flush hands over what is buffered but cannot end a chunk early. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (filled > 0) {
            handOver();
        }
    }

    private void handOver() throws IOException {
        byte[] full = filled == PIECE ? piece : java.util.Arrays.copyOf(piece, filled);
        pipe.put(full);
        piece = new byte[PIECE];
        filled = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Writes the last chunk, the index and the trailer, and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filled > 0) {
                handOver();
            }
            pipe.end();
            coder.join();
            pipe.rethrowFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } finally {
            out.close();
        }
    }
}
