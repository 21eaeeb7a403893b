package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.junit.jupiter.api.Test;

/** The container's pieces on their own: the header's bytes, the ordered pipeline, the quantizer. */
class UnitsTest {

    @Test
    void headersRoundTripEveryField() throws IOException {
        List<Container.Header> headers = new ArrayList<>();
        byte[] f16 = npyHeader("/traces/mobilenetv2-astronaut/001_Conv1_relu.f16.npy"); // 4-D float16
        byte[] i8 = npyHeader("/traces/mobilenetv2-astronaut/001_Conv1_relu.i8.npy");
        headers.add(new Container.Header(EbpcParams.DEFAULT, Container.Kind.RAW, Npy.Dtype.INT8, 1, new byte[0]));
        headers.add(new Container.Header(
                new EbpcParams(16, 16, 8), Container.Kind.NPY, Npy.Dtype.FLOAT16, 1 << 24, f16, true));
        headers.add(new Container.Header(
                        new EbpcParams(32, 32, 256), Container.Kind.ARCHIVE, Npy.Dtype.UINT32, 12345, new byte[0])
                .withSliceWords(0));
        headers.add(new Container.Header(
                new EbpcParams(8, 8, 2),
                Container.Kind.NPY,
                Npy.Dtype.INT8,
                1 << 20,
                f16,
                false,
                new Container.Quantization(Npy.Dtype.FLOAT16, 0.125),
                1 << 8));
        headers.add(new Container.Header(new EbpcParams(8, 8, 64), Container.Kind.NPY, Npy.Dtype.INT8, 777, i8, false));
        for (Container.Header h : headers) {
            byte[] bytes = h.toBytes();
            Container.Header back = Container.Header.read(new ByteArrayInputStream(bytes));
            assertEquals(h.params(), back.params());
            assertEquals(h.kind(), back.kind());
            assertEquals(h.dtype(), back.dtype());
            assertEquals(h.chunkWords(), back.chunkWords());
            assertArrayEquals(h.prefix(), back.prefix());
            assertEquals(h.nhwc(), back.nhwc());
            assertEquals(h.quantization(), back.quantization());
            assertEquals(h.sliceWords(), back.sliceWords());
            assertEquals(h.version(), back.version());
            assertArrayEquals(bytes, back.toBytes());
            for (int i = 0; i < bytes.length; i++) { // any byte changed: refused (magic, fields or CRC)
                byte[] bad = bytes.clone();
                bad[i] ^= 0x04;
                int at = i;
                assertThrows(
                        CorruptContainerException.class,
                        () -> Container.Header.read(new ByteArrayInputStream(bad)),
                        "byte " + at);
            }
        }
    }

    private static byte[] npyHeader(String resource) throws IOException {
        try (var in = UnitsTest.class.getResourceAsStream(resource)) {
            return in.readNBytes(128);
        }
    }

    @Test
    void thePipelineGivesResultsInOrderAndBoundsWhatIsInFlight() throws IOException {
        for (int threads : new int[] {1, 2, 4}) {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Integer> order = new ArrayList<>();
            try (Pipeline<Integer> pipe = new Pipeline<>(threads)) {
                for (int i = 0; i < 40; i++) {
                    int task = i;
                    inFlight.incrementAndGet();
                    most.accumulateAndGet(inFlight.get(), Math::max);
                    Integer done = pipe.submit(() -> {
                        Thread.sleep((task * 7) % 5); // later tasks may finish first
                        return task;
                    });
                    if (done != null) {
                        order.add(done);
                        inFlight.decrementAndGet();
                    }
                }
                for (Integer done = pipe.drain(); done != null; done = pipe.drain()) {
                    order.add(done);
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add(i);
            }
            assertEquals(expected, order, threads + " threads");
            assertTrue(most.get() <= 2 * threads, "at most 2T in flight: " + most.get());
        }
    }

    @Test
    void aFailingTaskSurfacesItsOwnException() throws IOException {
        try (Pipeline<Integer> pipe = new Pipeline<>(2)) {
            pipe.submit(() -> {
                throw new CorruptContainerException("chunk 3: bad");
            });
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 4; i++) {
                    pipe.submit(() -> 1);
                }
                while (pipe.drain() != null) {
                    // results before the failure
                }
            });
            assertEquals("chunk 3: bad", e.getMessage());
        }
        try (Pipeline<Integer> pipe = new Pipeline<>(1)) {
            pipe.submit(() -> {
                throw new IllegalStateException("bug");
            });
            assertEquals(
                    "bug",
                    assertThrows(IllegalStateException.class, pipe::drain).getMessage());
            assertNull(pipe.drain());
        }
    }

    @Test
    void quantizationFollowsThePaper() {
        ByteBuffer f = ByteBuffer.allocate(4 * 6).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1f, -1f, 0.5f, 0.004f, Float.NaN, Float.POSITIVE_INFINITY}) {
            f.putFloat(v);
        }
        Quantizer.Quantized quantized = Quantizer.quantize(f.array(), Npy.Dtype.FLOAT32, Npy.Dtype.INT8);
        byte[] q = quantized.words();
        double scale = quantized.scale();
        // m = 1 (infinities ignored): scale 0.75 / 127; 1 -> 169 clipped to 127; 0.5 -> 84.67 -> 84; 0.004 -> 0.677 ->
        // 0; NaN -> 0; +inf -> 127
        assertEquals(0.75 / 127, scale, 1e-15);
        assertArrayEquals(new byte[] {127, -128, 84, 0, 0, 127}, q);
        byte[] back = Quantizer.dequantize(q, Npy.Dtype.INT8, Npy.Dtype.FLOAT32, scale);
        assertEquals(
                (float) (84 * scale),
                ByteBuffer.wrap(back).order(ByteOrder.LITTLE_ENDIAN).getFloat(8));
        byte[] q16 = Quantizer.quantize(f.array(), Npy.Dtype.FLOAT32, Npy.Dtype.INT16)
                .words();
        assertEquals(
                21844,
                ByteBuffer.wrap(q16).order(ByteOrder.LITTLE_ENDIAN).getShort(4)); // 0.5 / (0.75 / 32767) = 21844.67
        Quantizer.Quantized zeros = Quantizer.quantize(new byte[8], Npy.Dtype.FLOAT32, Npy.Dtype.INT8);
        assertEquals(1.0, zeros.scale(), "an all-zero tensor keeps scale 1");
        assertArrayEquals(new byte[2], zeros.words());
        assertThrows(
                IllegalArgumentException.class, () -> Quantizer.quantize(new byte[4], Npy.Dtype.INT32, Npy.Dtype.INT8));
        assertSame(Npy.Dtype.INT8, Npy.Dtype.parse("i8"));
    }
}
