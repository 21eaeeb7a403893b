package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The counting streams behind chunk offsets and output sizes: every way of reading, skipping and writing counted once. */
class CountingStreamsTest {

    /** An input whose skip never moves, as some streams' do: skipNBytesChecked must read instead. */
    private static InputStream noSkip(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public long skip(long n) {
                return 0;
            }
        };
    }

    @Test
    void everyByteDeliveredIsCountedOnce() throws IOException {
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i + 1);
        }
        CountingInput in = new CountingInput(new ByteArrayInputStream(data));
        assertEquals(100, in.available());
        assertEquals(1, in.read());
        assertEquals(1, in.count());
        byte[] buf = new byte[10];
        assertEquals(10, in.read(buf, 0, 10));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1, 11), buf);
        assertEquals(11, in.count());
        assertEquals(0, in.read(buf, 0, 0));
        assertEquals(5, in.skip(5));
        assertEquals(16, in.count());
        assertEquals(20, in.skipNBytesChecked(20));
        assertEquals(36, in.count());
        assertEquals(37, in.read(), "skips moved over exactly their bytes");
        assertEquals(63, in.skipNBytesChecked(1000), "fewer only at the end");
        assertEquals(100, in.count());
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(buf, 0, 10));
        assertEquals(0, in.skip(5));
        assertEquals(100, in.count(), "nothing counted at the end");

        CountingInput stuck = new CountingInput(noSkip(data));
        assertEquals(30, stuck.skipNBytesChecked(30), "a stream that does not skip is read through");
        assertEquals(31, stuck.read());
        assertEquals(31, stuck.count());
        assertEquals(69, stuck.skipNBytesChecked(100));
        assertEquals(100, stuck.count());
    }

    @Test
    void everyByteWrittenIsCountedAndPassedOn() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        boolean[] flushed = {false};
        CountingOutput out = new CountingOutput(new java.io.FilterOutputStream(sink) {
            @Override
            public void flush() {
                flushed[0] = true;
            }
        });
        out.write(7);
        out.write(new byte[] {1, 2, 3, 4}, 1, 2);
        assertEquals(3, out.count());
        assertArrayEquals(new byte[] {7, 2, 3}, sink.toByteArray());
        out.flush();
        assertTrue(flushed[0], "flush goes through");
    }

    @Test
    void zeroBytesAndSkipsInPiecesAreCountedToo() throws IOException {
        CountingInput zeros = new CountingInput(new java.io.ByteArrayInputStream(new byte[3]));
        assertEquals(0, zeros.read());
        assertEquals(0, zeros.read());
        assertEquals(2, zeros.count(), "a zero byte is a byte");
        // A stream that skips at most 3 bytes a call, then one that never skips (bytes read instead).
        byte[] data = new byte[20];
        for (int i = 0; i < 20; i++) {
            data[i] = (byte) i;
        }
        CountingInput pieces = new CountingInput(new java.io.FilterInputStream(new java.io.ByteArrayInputStream(data)) {
            @Override
            public long skip(long n) throws IOException {
                return super.skip(Math.min(n, 3));
            }
        });
        assertEquals(10, pieces.skipNBytesChecked(10));
        assertEquals(10, pieces.read(), "skipped exactly ten");
        CountingInput noSkip =
                new CountingInput(new java.io.FilterInputStream(new java.io.ByteArrayInputStream(new byte[8])) {
                    @Override
                    public long skip(long n) {
                        return 0;
                    }
                });
        assertEquals(5, noSkip.skipNBytesChecked(5), "zero bytes read one by one");
        assertEquals(3, noSkip.skipNBytesChecked(5), "fewer only at the end");
    }
}
