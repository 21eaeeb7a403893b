package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that counts what it delivers. */
public final class CountingInput extends InputStream {
    private final InputStream in;
    long count;

    public CountingInput(InputStream in) {
        this.in = in;
    }

    /** Bytes delivered (read or skipped) so far. */
    public long count() {
        return count;
    }

    @Override
    public long skip(long n) throws IOException {
        long k = in.skip(n);
        count += Math.max(0, k);
        return k;
    }

    @Override
    public int available() throws IOException {
        return in.available();
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
