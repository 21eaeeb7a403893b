package org.ebpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.ebpc.format.ContainerCodec;
import org.ebpc.kernel.Kernels;

/**
 * Reads an {@code .ebpc} container (any kind: raw words, {@code .npy}, archives; any format
 * version; several one after the other) from {@code in} and gives back the original bytes,
 * every checksum verified. Chunks are decoded on a thread of the codec's ahead of the reader;
 * memory is bounded by a few chunks. A damaged stream is a
 * {@link org.ebpc.format.CorruptContainerException} (an IOException naming the chunk) from
 * {@code read}; bytes read before it came from chunks that passed their checksum. Not thread-safe.
 *
 * <pre>{@code
 * try (InputStream in = new EbpcInputStream(Files.newInputStream(Path.of("acts.ebpc")))) {
 *     byte[] original = in.readAllBytes();
 * }
 * }</pre>
 */
public final class EbpcInputStream extends InputStream {

    private final StreamPipe pipe = new StreamPipe(8);
    private final InputStream pieces = pipe.input();
    private final InputStream in;
    private final Thread decoder;
    private boolean closed;

    public EbpcInputStream(InputStream in) {
        this(in, 1);
    }

    /** With {@code threads} decoding threads (the output is the same for any count). */
    public EbpcInputStream(InputStream in, int threads) {
        this.in = Objects.requireNonNull(in, "in");
        ContainerCodec codec = new ContainerCodec(Kernels.preferred(), threads);
        decoder = Thread.ofPlatform().daemon().name("ebpc-input").start(() -> {
            try {
                codec.decompress(in, pipe.output(), n -> {});
                pipe.end();
            } catch (Throwable t) {
                pipe.fail(t);
            }
        });
    }

    @Override
    public int read() throws IOException {
        ensureOpen();
        return pieces.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        return pieces.read(b, off, len);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Stops the decoder (if the container was not read to its end) and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pipe.fail(new IOException("closed by the reader"));
        decoder.interrupt();
        try {
            decoder.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            in.close();
        }
    }
}
