package org.ebpc.bits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ebpc.MalformedStreamException;
import org.ebpc.MalformedStreamException.Stream;
import org.junit.jupiter.api.Test;

/** BitWriter and BitReader on their own: fields of every length, padding, ends, windows. */
class BitsTest {

    @Test
    void fieldsOfEveryLengthComeBackInOrder() throws MalformedStreamException {
        Random r = new Random(1);
        int[] lens = new int[5000];
        long[] values = new long[lens.length];
        BitWriter w = new BitWriter(16); // starts small: must grow
        long total = 0;
        for (int i = 0; i < lens.length; i++) {
            lens[i] = r.nextInt(57);
            values[i] = r.nextLong() & (lens[i] == 0 ? 0 : -1L >>> (64 - lens[i]));
            w.write(
                    values[i] | (r.nextLong() << lens[i] & (lens[i] == 0 ? -1 : ~(-1L >>> (64 - lens[i])))),
                    lens[i]); // high garbage ignored
            total += lens[i];
            assertEquals(total, w.bitLength());
        }
        byte[] stream = w.finish(32);
        assertEquals((total + 31) / 32 * 4, stream.length, "padded to whole 32-bit words");
        BitReader in = new BitReader(stream, Stream.BPC);
        for (int i = 0; i < lens.length; i++) {
            assertEquals(values[i], in.read(lens[i]), "field " + i);
        }
        assertEquals(stream.length * 8L - total, in.remaining());
        in.expectPaddingOnly(32, "the last field");
    }

    @Test
    void aBatchWritesWhatItsFieldsOneByOneWould() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int lead = r.nextInt(8); // a partial byte pending before the batch
            int count = 1 + r.nextInt(20); // blocks of two fields
            int stride = count + r.nextInt(3);
            long[] fields = new long[4 * stride];
            for (int i = 0; i < count; i++) {
                for (int f = 0; f < 4; f += 2) {
                    int len = r.nextInt(BitWriter.MAX_FIELD + 1);
                    fields[f * stride + i] = len == 0 ? 0 : r.nextLong() >>> (64 - len); // clean, as the contract asks
                    fields[(f + 1) * stride + i] = len;
                }
            }
            BitWriter sequential = new BitWriter(64); // small: both grow on the way
            BitWriter batched = new BitWriter(64);
            long prefix = r.nextLong();
            sequential.write(prefix, lead);
            batched.write(prefix, lead);
            for (int i = 0; i < count; i++) {
                sequential.write(fields[i], (int) fields[stride + i]);
                sequential.write(fields[2 * stride + i], (int) fields[3 * stride + i]);
            }
            batched.writeBlocks(fields, stride, count);
            assertEquals(sequential.bitLength(), batched.bitLength(), "trial " + trial);
            sequential.write(0x5A, 7); // the state after the batch carries on
            batched.write(0x5A, 7);
            assertArrayEquals(sequential.finish(32), batched.finish(32), "trial " + trial);
        }
    }

    @Test
    void aContinuingWriterGoesOnWhereTheFirstStopped() {
        Random r = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            BitWriter one = new BitWriter(64);
            BitWriter first = new BitWriter(64);
            int fields = r.nextInt(12);
            for (int i = 0; i < fields; i++) {
                long v = r.nextLong();
                int len = r.nextInt(BitWriter.MAX_FIELD + 1);
                one.write(v, len);
                first.write(v, len);
            }
            BitWriter second = BitWriter.continuing(first.buffer(), first.bitLength());
            assertEquals(first.bitLength(), second.bitLength(), "trial " + trial);
            for (int i = 0; i < 12; i++) { // past the first buffer's size: it grows
                long v = r.nextLong();
                int len = r.nextInt(BitWriter.MAX_FIELD + 1);
                one.write(v, len);
                second.write(v, len);
            }
            assertArrayEquals(one.finish(16), second.finish(16), "trial " + trial);
        }
    }

    @Test
    void anEmptyFieldOnAByteBoundaryStoresNothing() {
        // The padding to a 16-bit word comes from what the last store left after the stream: an
        // empty field must not store the bits the writer still holds (here 72 ones, 9 bytes).
        long ones = -1L >>> 8;
        BitWriter w = new BitWriter(0);
        w.writeBlocks(new long[] {ones, 0, 56, 0, 0xFFFF, 0, 16, 0}, 2, 2);
        byte[] want = new byte[10];
        java.util.Arrays.fill(want, 0, 9, (byte) 0xFF);
        assertArrayEquals(want, w.finish(16), "writeBlocks");
        BitWriter one = new BitWriter(0);
        one.write(ones, 56);
        one.write(0xFFFF, 16);
        one.write(ones, 0);
        assertArrayEquals(want, one.finish(16), "write");
    }

    @Test
    void paddingIsZerosToTheUnit() {
        BitWriter w = new BitWriter(0);
        w.write(0b101, 3);
        assertArrayEquals(new byte[] {(byte) 0b1010_0000}, w.finish(8));
        BitWriter w16 = new BitWriter(0);
        w16.write(1, 1);
        assertArrayEquals(new byte[] {(byte) 0x80, 0}, w16.finish(16));
        assertArrayEquals(new byte[0], new BitWriter(0).finish(32), "an empty stream stays empty");
    }

    @Test
    void readingPastTheEndNamesStreamAndBit() throws MalformedStreamException {
        BitReader in = new BitReader(new byte[] {(byte) 0xF0}, Stream.ZNZ);
        assertEquals(0xF0L << 2, in.peek(10), "bits past the end peek as zero");
        assertEquals(0b1111, in.read(4));
        MalformedStreamException e = assertThrows(MalformedStreamException.class, () -> in.read(5));
        assertEquals(Stream.ZNZ, e.stream());
        assertEquals(4, e.bitOffset());
        assertTrue(assertThrows(MalformedStreamException.class, () -> in.seek(9))
                .getMessage()
                .contains("stream ends after 8 bits, 5 more needed"));
    }

    @Test
    void paddingChecks() throws MalformedStreamException {
        BitReader nonZero = new BitReader(new byte[] {(byte) 0x81}, Stream.BPC);
        nonZero.read(1);
        assertTrue(assertThrows(MalformedStreamException.class, () -> nonZero.expectPaddingOnly(8, "x"))
                .getMessage()
                .contains("not all zero"));
        BitReader tooMuch = new BitReader(new byte[] {0, 0}, Stream.BPC);
        tooMuch.read(1);
        assertTrue(assertThrows(MalformedStreamException.class, () -> tooMuch.expectPaddingOnly(8, "x"))
                .getMessage()
                .contains("bits left"));
        BitReader notWhole = new BitReader(new byte[] {0, 0, 0}, Stream.BPC);
        assertTrue(assertThrows(MalformedStreamException.class, () -> notWhole.expectPaddingOnly(16, "x"))
                .getMessage()
                .contains("stream is 3 bytes, not a whole number of 16-bit words"));
        BitReader fine = new BitReader(new byte[] {(byte) 0x80, 0}, Stream.BPC);
        fine.read(1);
        fine.expectPaddingOnly(16, "x");
    }

    @Test
    void windowsOfAPaddedStreamAreItsBitsLeftAligned() {
        Random r = new Random(2);
        byte[] s = new byte[100];
        r.nextBytes(s);
        byte[] padded = BitReader.padded(s);
        BitReader in = new BitReader(s, Stream.BPC);
        for (long pos = 0; pos < 8L * s.length; pos += 1 + r.nextInt(13)) {
            long window = BitReader.window(padded, pos);
            try {
                in.seek(pos);
            } catch (MalformedStreamException e) {
                throw new AssertionError(e);
            }
            assertEquals(in.peek(57), window >>> 7, "57 sure bits at " + pos);
        }
    }
}
