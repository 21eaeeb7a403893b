package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte order by units, in place and as streams: reads and writes of every size, across the 64 KB buffers, a partial unit at the end. */
class ByteSwapTest {

    /** The reference: each whole unit reversed, a trailing partial unit as it is. */
    private static byte[] swapped(byte[] b, int unit) {
        byte[] out = b.clone();
        for (int i = 0; i + unit <= b.length; i += unit) {
            for (int j = 0; j < unit; j++) {
                out[i + j] = b[i + unit - 1 - j];
            }
        }
        return out;
    }

    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void inPlaceOnARangeOnly(int unit) {
        byte[] b = data(7 * unit + 3, unit);
        byte[] want = b.clone();
        byte[] mid = swapped(java.util.Arrays.copyOfRange(b, 3, 3 + 5 * unit), unit);
        System.arraycopy(mid, 0, want, 3, mid.length);
        ByteSwap.swap(b, 3, 5 * unit, unit);
        assertArrayEquals(want, b);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void readsOfEverySizeGiveTheSwappedBytes(int unit) throws IOException {
        byte[] b = data(3 * 65536 + 5 * unit + 1, unit); // several buffer fills and a partial unit at the end
        byte[] want = swapped(b, unit);
        int[] sizes = {1, 3, unit, 1000, 65536, 100_000};
        for (int size : sizes) {
            InputStream in = ByteSwap.input(new ByteArrayInputStream(b), unit);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] chunk = new byte[size + 2];
            for (int n; (n = in.read(chunk, 1, size)) >= 0; ) {
                got.write(chunk, 1, n);
            }
            assertArrayEquals(want, got.toByteArray(), "reads of " + size);
            assertEquals(-1, in.read());
            assertEquals(0, in.read(chunk, 0, 0));
        }
        InputStream one = ByteSwap.input(new ByteArrayInputStream(b), unit);
        assertEquals(want[0] & 0xFF, one.read());
        assertEquals(Math.min(b.length, 65536) - 1, one.available(), "what the buffer still holds");
        assertEquals(10, one.skip(10));
        assertEquals(want[11] & 0xFF, one.read());
        assertEquals(b.length - 12, one.skip(Long.MAX_VALUE), "skipped to the end");
        assertEquals(-1, one.read());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void writesOfEverySizeFlushesAndTheLastPartialUnit(int unit) throws IOException {
        byte[] b = data(3 * 65536 + 5 * unit + 1, unit + 10);
        byte[] want = swapped(b, unit);
        int[] sizes = {1, 3, unit, 1000, 65536, 100_000};
        for (int size : sizes) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            OutputStream out = ByteSwap.output(sink, unit);
            int flushedAt = -1;
            for (int at = 0; at < b.length; at += size) {
                int n = Math.min(size, b.length - at);
                if (n == 1) {
                    out.write(b[at]);
                } else {
                    out.write(b, at, n);
                }
                if (flushedAt < 0 && at + n > 70_000) {
                    out.flush(); // whole units go on; a partial one waits for its other bytes
                    flushedAt = at + n;
                    int whole = flushedAt - flushedAt % unit;
                    assertArrayEquals(
                            java.util.Arrays.copyOf(want, whole),
                            sink.toByteArray(),
                            "flushed after " + flushedAt + " bytes");
                }
            }
            out.close();
            assertArrayEquals(want, sink.toByteArray(), "writes of " + size);
        }
    }

    @Test
    void flushAndCloseReachTheStreamBeneath() throws IOException {
        int[] calls = new int[2];
        OutputStream beneath = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                calls[0]++;
            }

            @Override
            public void close() {
                calls[1]++;
            }
        };
        OutputStream out = ByteSwap.output(beneath, 2);
        out.write(new byte[] {1, 2, 3});
        out.flush();
        assertEquals(1, calls[0], "flushed");
        out.close();
        assertEquals(1, calls[1], "closed");
        assertArrayEquals(new byte[] {2, 1, 3}, ((ByteArrayOutputStream) beneath).toByteArray());
    }
}
