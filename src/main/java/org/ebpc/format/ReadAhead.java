package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads a stream in pieces of a fixed size on its own thread, one piece ahead of the caller,
 * with each piece's CRC32C: reading and checksumming overlap the coding, as zstd's
 * asynchronous I/O does (on a 1 GB file that is about 0.5 s of a 4.5 s run). Memory stays
 * bounded: the reader waits while a finished piece is not taken, and buffers given back with
 * {@link #recycle} are reused.
 */
final class ReadAhead implements AutoCloseable {

    /** {@code length} bytes of {@code data} (the last piece may be short) and their CRC32C. */
    record Piece(byte[] data, int length, int crc) {}

    private static final Object END = new Object();

    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1); // a Piece, END or a Throwable
    private final BlockingQueue<byte[]> spare = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean ended; // END was taken: every later next() is null too

    ReadAhead(InputStream in, int pieceBytes) {
        thread = new Thread(() -> readAll(in, pieceBytes), "ebpc-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void readAll(InputStream in, int pieceBytes) {
        try {
            try {
                while (true) {
                    byte[] buf = spare.poll();
                    if (buf == null) {
                        // No more than the stream is known to hold: a folder of small tensors
                        // would otherwise allocate and zero a whole chunk per file.
                        buf = new byte[(int) Math.min(pieceBytes, Math.max(in.available(), 1 << 16) + 1L)];
                    }
                    int got = in.readNBytes(buf, 0, buf.length);
                    while (got == buf.length && buf.length < pieceBytes) { // more than announced: grow
                        buf = java.util.Arrays.copyOf(buf, (int) Math.min(pieceBytes, 2L * buf.length));
                        got += in.readNBytes(buf, got, buf.length - got);
                    }
                    if (got > 0) {
                        ready.put(new Piece(buf, got, Container.crc(buf, 0, got)));
                    }
                    if (got < pieceBytes) {
                        ready.put(END);
                        return;
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                ready.put(e);
            }
        } catch (InterruptedException e) {
            // closed by the caller: stop
        }
    }

    /** The next piece, or null at the end of the stream; rethrows what reading threw. */
    Piece next() throws IOException {
        if (ended) {
            return null;
        }
        Object o;
        try {
            o = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (o == END) {
            ended = true;
            return null;
        }
        return switch (o) {
            case Piece p -> p;
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(o.toString());
        };
    }

    /** Gives a full-size buffer back for a later piece. */
    void recycle(byte[] buf) {
        spare.add(buf);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
