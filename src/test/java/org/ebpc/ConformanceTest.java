package org.ebpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.Words;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector of ../shared/conformance (copied into test resources): both kernels encode to
 * exactly the expected bytes and bit lengths and decode them back to the input.
 */
class ConformanceTest {

    /** One row of cases.tsv with its three files. */
    record Case(
            String name, EbpcParams params, int words, long znzBits, long bpcBits, byte[] in, byte[] znz, byte[] bpc) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String tsv = new String(resource("cases.tsv"), StandardCharsets.UTF_8);
        for (String line : tsv.split("\n")) {
            String[] f = line.strip().split("\t");
            if (f.length < 7 || f[0].equals("name")) {
                continue;
            }
            out.add(new Case(
                    f[0],
                    new EbpcParams(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])),
                    Integer.parseInt(f[4]),
                    Long.parseLong(f[5]),
                    Long.parseLong(f[6]),
                    resource(f[0] + ".in"),
                    resource(f[0] + ".znz"),
                    resource(f[0] + ".bpc")));
        }
        if (out.size() < 136) {
            throw new IllegalStateException("expected 136 conformance cases, found " + out.size());
        }
        return out;
    }

    static byte[] resource(String name) {
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource conformance/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> casesByKernel() {
        List<Kernel> kernels = TestKernels.all();
        return cases().stream().flatMap(c -> kernels.stream().map(k -> Arguments.of(k.name(), c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesByKernel")
    void encodeGivesTheExpectedStreams(String kernel, Case c) {
        Kernel k = Kernels.lookup(kernel, false);
        EncodedStreams s = new EbpcEncoder(c.params(), k).encode(java.lang.foreign.MemorySegment.ofArray(c.in()));
        assertEquals(c.words(), s.words());
        assertEquals(c.znzBits(), s.znzBits(), "ZNZ bits");
        assertEquals(c.bpcBits(), s.bpcBits(), "BPC bits");
        assertArrayEquals(c.znz(), s.znz(), "ZNZ bytes");
        assertArrayEquals(c.bpc(), s.bpc(), "BPC bytes");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesByKernel")
    void decodeGivesTheInputBack(String kernel, Case c) throws MalformedStreamException {
        Kernel k = Kernels.lookup(kernel, false);
        byte[] out = new byte[c.in().length];
        java.util.Arrays.fill(out, (byte) 0x55); // whatever the buffer held is overwritten
        new EbpcDecoder(c.params(), k).decode(c.znz(), c.bpc(), java.lang.foreign.MemorySegment.ofArray(out));
        assertArrayEquals(c.in(), out);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesByKernel")
    void typedArraysAgreeWithSegments(String kernel, Case c) throws MalformedStreamException {
        Kernel k = Kernels.lookup(kernel, false);
        EbpcEncoder enc = new EbpcEncoder(c.params(), k);
        Words w = Words.allocate(c.params().wordWidth(), c.words());
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(c.in()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < c.words(); i++) {
            w.set(
                    i,
                    switch (c.params().wordWidth()) {
                        case 8 -> bb.get();
                        case 16 -> bb.getShort();
                        default -> bb.getInt();
                    });
        }
        EncodedStreams s = enc.encode(w);
        assertArrayEquals(c.znz(), s.znz());
        assertArrayEquals(c.bpc(), s.bpc());
        Words back = new EbpcDecoder(c.params(), k)
                .decode(s.znz(), s.bpc(), c.words(), c.params().wordWidth());
        assertTrue(Words.contentEquals(w, back), "decoded words differ");
    }
}
