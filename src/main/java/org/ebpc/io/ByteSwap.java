package org.ebpc.io;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reverses the bytes of each unit of 2, 4 or 8 bytes: big-endian array elements become the
 * little-endian words the codec takes, and back. The streams keep a partial unit until it is
 * whole, so any read or write size works.
 */
public final class ByteSwap {

    private ByteSwap() {}

    /** Reverses each {@code unit}-byte group of b[off, off + len) in place; len is a multiple of unit. */
    public static void swap(byte[] b, int off, int len, int unit) {
        for (int i = off; i + unit <= off + len; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    /** An input whose bytes come out swapped by units; a trailing partial unit comes out as it is. */
    public static InputStream input(InputStream in, int unit) {
        return new FilterInputStream(in) {
            private final byte[] buf = new byte[1 << 16];
            private int pos;
            private int end;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (pos == end && !fill()) {
                    return -1;
                }
                int n = Math.min(len, end - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }

            /** Reads whole units (or what is left at the end) into the buffer, swapped. */
            private boolean fill() throws IOException {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n <= 0) {
                    return false;
                }
                swap(buf, 0, n - n % unit, unit);
                pos = 0;
                end = n;
                return true;
            }

            @Override
            public long skip(long n) throws IOException {
                long done = 0;
                while (done < n && read() >= 0) {
                    done++;
                }
                return done;
            }

            @Override
            public int available() throws IOException {
                return end - pos;
            }
        };
    }

    /** An output that swaps whole units before they go on; a partial unit at close goes as it is. */
    public static OutputStream output(OutputStream out, int unit) {
        return new FilterOutputStream(out) {
            private final byte[] buf = new byte[1 << 16];
            private int n;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int k = Math.min(len, buf.length - n);
                    System.arraycopy(b, off, buf, n, k);
                    n += k;
                    off += k;
                    len -= k;
                    if (n == buf.length) {
                        flushUnits();
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                flushUnits();
                out.flush();
            }

            /** Writes the whole units swapped; a partial one moves to the buffer's start. */
            private void flushUnits() throws IOException {
                int whole = n - n % unit;
                swap(buf, 0, whole, unit);
                out.write(buf, 0, whole);
                System.arraycopy(buf, whole, buf, 0, n - whole);
                n -= whole;
            }

            @Override
            public void close() throws IOException {
                flush();
                out.write(buf, 0, n); // a partial unit: not an element, as it was
                n = 0;
                out.close();
            }
        };
    }
}
