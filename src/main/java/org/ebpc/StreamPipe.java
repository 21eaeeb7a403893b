package org.ebpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of byte pieces between the caller's thread and the container codec's
 * thread, for the streaming API: at most {@code capacity} pieces wait, so memory stays bounded
 * whatever is streamed. Either side's failure ends the other's wait.
 */
final class StreamPipe {

    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> pieces;
    private volatile Throwable failure;
    private volatile boolean closed;

    StreamPipe(int capacity) {
        pieces = new ArrayBlockingQueue<>(capacity);
    }

    /** Hands over one piece (kept, not copied); throws the other side's failure if it failed. */
    void put(byte[] piece) throws IOException {
        try {
            while (!pieces.offer(piece, 50, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    void end() throws IOException {
        put(END);
    }

    /** The other side stopped: its reason, or null for a plain close. */
    void fail(Throwable t) {
        failure = t;
        closed = true;
    }

    void check() throws IOException {
        rethrowFailure();
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** After the other side finished: throws its failure, if any. */
    void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t != null) {
            throw new IOException(t.getMessage(), t);
        }
    }

    /** The pieces as an InputStream, to the END piece. */
    InputStream input() {
        return new InputStream() {
            private byte[] piece = new byte[0];
            private int at;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0; // InputStream's contract: at once, without waiting for a piece
                }
                while (!done && at == piece.length) {
                    try {
                        byte[] next = pieces.poll(50, TimeUnit.MILLISECONDS);
                        if (next == null) {
                            check();
                            continue;
                        }
                        piece = next;
                        at = 0;
                        done = next == END;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted");
                    }
                }
                if (done) {
                    return -1;
                }
                int n = Math.min(len, piece.length - at);
                System.arraycopy(piece, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** An OutputStream whose writes become pieces (copied). */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                put(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    put(java.util.Arrays.copyOfRange(b, off, off + len));
                }
            }
        };
    }
}
