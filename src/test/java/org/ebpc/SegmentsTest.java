package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Words in MemorySegments: slices of Java arrays (coded in place), off-heap memory, at offsets
 * with canary words around them; the same streams as the array API, the same words back.
 */
class SegmentsTest {

    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void slicesOfEveryArrayTypeAndOffHeapMemoryCodeAsTheArrayApi() throws MalformedStreamException {
        Random r = new Random(3);
        for (int w : new int[] {8, 16, 32}) {
            EbpcParams p = new EbpcParams(w, 8, 16);
            int per = w / 8;
            int n = 3001;
            int at = 7;
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(1 << Math.min(w, 12)) - (1 << Math.min(w, 12) - 1);
            }
            // The reference: the words as little-endian bytes through the array API.
            byte[] le = new byte[n * per];
            MemorySegment leSeg = MemorySegment.ofArray(le);
            for (int i = 0; i < n; i++) {
                put(leSeg, per, i, values[i]);
            }
            EncodedStreams ref = new EbpcEncoder(p).encode(MemorySegment.ofArray(le.clone()));
            for (MemorySegment whole :
                    new MemorySegment[] {heap(w, n + 2 * at), Arena.ofAuto().allocate((long) (n + 2 * at) * per)}) {
                MemorySegment slice = whole.asSlice((long) at * per, (long) n * per);
                for (int i = 0; i < n; i++) {
                    put(slice, per, i, values[i]);
                }
                String where = "W=" + w
                        + (whole.isNative()
                                ? " off-heap"
                                : " " + whole.heapBase().get().getClass().getSimpleName());
                EncodedStreams s = new EbpcEncoder(p).encode(slice);
                assertArrayEquals(ref.znz(), s.znz(), where);
                assertArrayEquals(ref.bpc(), s.bpc(), where);

                MemorySegment out = heapOrNative(whole, w, n + 2 * at);
                for (int i = 0; i < n + 2 * at; i++) {
                    put(out, per, i, 0x5A); // canaries
                }
                new EbpcDecoder(p).decode(s.znz(), s.bpc(), out.asSlice((long) at * per, (long) n * per));
                for (int i = 0; i < n + 2 * at; i++) {
                    long want = i < at || i >= at + n ? 0x5A : values[i - at];
                    assertEquals(want, get(out, per, i), where + " word " + i);
                }
            }
        }
    }

    private static MemorySegment heap(int w, int words) {
        return switch (w) {
            case 8 -> MemorySegment.ofArray(new byte[words]);
            case 16 -> MemorySegment.ofArray(new short[words]);
            default -> MemorySegment.ofArray(new int[words]);
        };
    }

    private static MemorySegment heapOrNative(MemorySegment like, int w, int words) {
        return like.isNative() ? Arena.ofAuto().allocate((long) words * (w / 8)) : heap(w, words);
    }

    private static void put(MemorySegment s, int per, int i, long v) {
        switch (per) {
            case 1 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case 2 -> s.set(LE16, 2L * i, (short) v);
            default -> s.set(LE32, 4L * i, (int) v);
        }
    }

    private static long get(MemorySegment s, int per, int i) {
        return switch (per) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, i);
            case 2 -> s.get(LE16, 2L * i);
            default -> s.get(LE32, 4L * i);
        };
    }
}
