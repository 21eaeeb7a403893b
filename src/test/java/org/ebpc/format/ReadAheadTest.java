package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    /** Reads r to its end: whole pieces of {@code size} bytes of {@code all}, in order, each with its CRC. */
    private static void assertPieces(ReadAhead r, byte[] all, int size, boolean recycle) throws IOException {
        int at = 0;
        for (ReadAhead.Piece p = r.next(); p != null; p = r.next()) {
            assertEquals(Math.min(size, all.length - at), p.length(), "piece at " + at + " of " + all.length);
            byte[] expected = Arrays.copyOfRange(all, at, at + p.length());
            assertArrayEquals(expected, Arrays.copyOf(p.data(), p.length()));
            assertEquals(Container.crc(expected, 0, expected.length), p.crc());
            at += p.length();
            if (recycle) {
                r.recycle(p.data());
            }
        }
        assertEquals(all.length, at);
    }

    @Test
    void piecesCoverTheStreamInOrderWithTheirChecksums() throws IOException {
        for (int n : new int[] {0, 1, 99, 100, 101, 1000, 1050}) {
            byte[] all = data(n);
            // A stream that hands out a few bytes per read, as pipes do.
            InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(all)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 7));
                }
            };
            try (ReadAhead r = new ReadAhead(trickle, 100)) {
                assertPieces(r, all, 100, true); // reused buffers must not change what comes next
                assertNull(r.next(), "the end stays the end");
            }
        }
    }

    @Test
    void aStreamThatAnnouncesLessThanItHoldsStillGivesWholePieces() throws IOException {
        // The first buffer is sized by available(), which a pipe may report as 0; it must grow.
        for (int n : new int[] {70_000, 150_000, 150_001, 420_000}) {
            byte[] all = data(n);
            InputStream quiet = new java.io.FilterInputStream(new ByteArrayInputStream(all)) {
                @Override
                public int available() {
                    return 0;
                }
            };
            try (ReadAhead r = new ReadAhead(quiet, 150_000)) {
                assertPieces(r, all, 150_000, false);
            }
        }
    }

    @Test
    void aSmallInputGetsASmallBuffer() throws IOException {
        try (ReadAhead r = new ReadAhead(new ByteArrayInputStream(data(1000)), 1 << 24)) {
            ReadAhead.Piece p = r.next();
            assertEquals(1000, p.length());
            assertTrue(
                    p.data().length <= (1 << 16) + 1,
                    "sized by available() (at least 64 KiB), not by the 16 MB piece: " + p.data().length);
        }
    }

    @Test
    void aReadErrorReachesTheCallerAfterTheGoodPieces() throws IOException {
        byte[] all = data(250);
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                if (pos == 230) {
                    throw new IOException("disk on fire");
                }
                return all[pos++] & 0xFF;
            }
        };
        try (ReadAhead r = new ReadAhead(failing, 100)) {
            assertEquals(100, r.next().length());
            assertEquals(100, r.next().length());
            IOException e = assertThrows(IOException.class, r::next);
            assertEquals("disk on fire", e.getMessage());
        }
    }

    @Test
    void closeStopsTheReaderThread() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }
        };
        ReadAhead r = new ReadAhead(endless, 1 << 10);
        assertEquals(1 << 10, r.next().length());
        Thread reader = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("ebpc-reader") && !before.contains(t)) {
                reader = t;
            }
        }
        assertTrue(reader != null && reader.isDaemon(), "a daemon thread of its own");
        r.close();
        reader.join(30_000);
        assertTrue(!reader.isAlive(), "stopped by close, not left blocked on a full queue");
    }

    @Test
    void anInterruptedCallerStopsWaiting() throws Exception {
        InputStream slow = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return 1;
            }
        };
        try (ReadAhead r = new ReadAhead(slow, 1 << 10)) {
            Thread.currentThread().interrupt();
            assertEquals("interrupted", assertThrows(IOException.class, r::next).getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
    }
}
