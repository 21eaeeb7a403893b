package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that counts what it delivers. */
final class CountingInput extends InputStream {
    private final InputStream in;
    long count;

    CountingInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    /** Skips up to n bytes, fewer only at the end of the input; returns how many. */
    long skipNBytesChecked(long n) throws IOException {
        long done = 0;
        while (done < n) {
            long k = in.skip(n - done);
            if (k <= 0) {
                if (in.read() < 0) {
                    break;
                }
                k = 1;
            }
            done += k;
        }
        count += done;
        return done;
    }
}
