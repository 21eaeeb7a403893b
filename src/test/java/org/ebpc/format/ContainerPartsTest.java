package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernels;
import org.junit.jupiter.api.Test;

/** A container coded in parts and joined: the bytes of one pass, every part's length checked, nothing left in a buffer. */
class ContainerPartsTest {

    private static final int CHUNK = 4096;

    private static byte[] words(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 5 == 0 ? 0 : i * 13);
        }
        return b;
    }

    private static Container.Header raw(int sliceWords) {
        return new Container.Header(EbpcParams.DEFAULT, Container.Kind.RAW, Npy.Dtype.INT8, CHUNK, new byte[0])
                .withSliceWords(sliceWords);
    }

    /** The parts' bytes, each coded apart from its range of whole chunks, into buffered streams. */
    private static byte[][] encodeParts(
            ContainerParts.Plan plan, byte[] data, int chunksPerPart, List<ContainerParts.Part> parts)
            throws IOException {
        int partBytes = chunksPerPart * plan.chunkBytes();
        int count = (data.length + partBytes - 1) / partBytes;
        byte[][] out = new byte[count][];
        for (int p = 0; p < count; p++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 20);
            int from = p * partBytes;
            parts.add(ContainerParts.encode(
                    plan,
                    new ByteArrayInputStream(data, from, Math.min(partBytes, data.length - from)),
                    buffered,
                    Kernels.preferred(),
                    2));
            out[p] = sink.toByteArray(); // not closed: encode must have flushed
        }
        return out;
    }

    @Test
    void joinedPartsAreTheBytesOfOnePass() throws IOException {
        byte[] data = words(5 * CHUNK + 100);
        for (int slice : new int[] {0, 1 << 10}) {
            Container.Header h = raw(slice);
            ByteArrayOutputStream once = new ByteArrayOutputStream();
            new ContainerCodec(Kernels.preferred(), 2).compress(new ByteArrayInputStream(data), once, h, n -> {});
            ContainerParts.Plan plan = ContainerParts.plan(h);
            List<ContainerParts.Part> parts = new java.util.ArrayList<>();
            byte[][] bytes = encodeParts(plan, data, 2, parts);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            BufferedOutputStream joined = new BufferedOutputStream(sink, 1 << 20);
            long length = ContainerParts.join(plan, parts, p -> new ByteArrayInputStream(bytes[p]), joined);
            assertArrayEquals(once.toByteArray(), sink.toByteArray(), "slices " + slice + ", flushed");
            assertEquals(once.size(), length);
        }
    }

    @Test
    void aPartOfAnotherLengthIsRefused() throws IOException {
        ContainerParts.Plan plan = ContainerParts.plan(raw(0));
        List<ContainerParts.Part> parts = new java.util.ArrayList<>();
        byte[][] bytes = encodeParts(plan, words(3 * CHUNK), 2, parts);
        byte[] longer = Arrays.copyOf(bytes[1], bytes[1].length + 1); // one more byte, a zero
        IOException e = assertThrows(
                IOException.class,
                () -> ContainerParts.join(
                        plan,
                        parts,
                        p -> new ByteArrayInputStream(p == 1 ? longer : bytes[p]),
                        new ByteArrayOutputStream()));
        assertEquals("part 1 is longer than its " + bytes[1].length + " bytes", e.getMessage());
        byte[] shorter = Arrays.copyOf(bytes[0], bytes[0].length - 1);
        e = assertThrows(
                IOException.class,
                () -> ContainerParts.join(
                        plan,
                        parts,
                        p -> new ByteArrayInputStream(p == 0 ? shorter : bytes[p]),
                        new ByteArrayOutputStream()));
        assertEquals("part 0 is shorter than its " + bytes[0].length + " bytes", e.getMessage());
    }

    @Test
    void anNpyShapeMustMatchTheJoinedWords() throws IOException {
        byte[] prefix =
                org.ebpc.io.NpyHeaders.header(1, "{'descr': '|i1', 'fortran_order': False, 'shape': (9000,), }");
        Container.Header h =
                new Container.Header(EbpcParams.DEFAULT, Container.Kind.NPY, Npy.Dtype.INT8, CHUNK, prefix);
        ContainerParts.Plan plan = ContainerParts.plan(h);
        List<ContainerParts.Part> parts = new java.util.ArrayList<>();
        byte[][] bytes = encodeParts(plan, words(8999), 2, parts); // a word short of the shape
        CorruptContainerException e = assertThrows(
                CorruptContainerException.class,
                () -> ContainerParts.join(
                        plan, parts, p -> new ByteArrayInputStream(bytes[p]), new ByteArrayOutputStream()));
        assertEquals("the .npy header's shape does not match the 8999 words stored", e.getMessage());
    }
}
