package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Container.readUpTo gives exactly min(max, what the stream holds), whatever available() claims,
 * followed by the slack's zero bytes when asked for.
 */
class ReadUpToTest {

    /** A stream that reports {@code claim} from available() and hands out at most {@code step} bytes a read. */
    private static InputStream lying(byte[] data, int claim, int step) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(data);
        return new InputStream() {
            @Override
            public int available() {
                return claim;
            }

            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void givesWhatTheStreamHoldsUpToMax() throws IOException {
        Random r = new Random(3);
        for (int size : new int[] {0, 1, 100, 65535, 65536, 65537, 200_000}) {
            byte[] data = new byte[size];
            r.nextBytes(data);
            for (int max : new int[] {0, 1, size - 1, size, size + 1, 3 * size + 7}) {
                if (max < 0) {
                    continue;
                }
                byte[] expected = Arrays.copyOf(data, Math.min(max, size));
                for (int claim : new int[] {0, 1, size / 2, size, size + 1000}) {
                    for (int step : new int[] {1 << 30, 1000}) {
                        String where = "size " + size + " max " + max + " available " + claim + " step " + step;
                        for (int slack : new int[] {0, Slices.SLACK}) {
                            InputStream in = lying(data, claim, step);
                            byte[] got = slack == 0 ? Container.readUpTo(in, max) : Container.readUpTo(in, max, slack);
                            // the bytes, then slack zero bytes
                            assertArrayEquals(Arrays.copyOf(expected, expected.length + slack), got, where);
                            byte[] rest = in.readAllBytes(); // nothing past max was taken
                            assertArrayEquals(Arrays.copyOfRange(data, expected.length, size), rest, where);
                        }
                    }
                }
            }
        }
    }
}
