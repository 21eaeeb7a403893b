package org.ebpc.format;

import java.io.IOException;
import java.io.OutputStream;

/** An output stream that counts what it passes on: the container's chunk offsets, a file's output size. */
public final class CountingOutput extends OutputStream {
    private final OutputStream out;
    long count;

    public CountingOutput(OutputStream out) {
        this.out = out;
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
