package org.ebpc.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cycle model against cycle counts measured on the RTL (Verilator): every shared conformance
 * case, the stress inputs, and whole real tensors (the bundled ones always, all of
 * ../shared/traces when it is there). Exact, encoder and decoder.
 */
class HardwareModelTest {
    static final Path RESOURCES = Path.of("src/test/resources");
    static final Path SHARED_TRACES = Path.of("../shared/traces");

    /** One measured row: the input's words, its parameters and the RTL's counts ("-": none). */
    record Measured(String name, EbpcParams params, long words, String encoder, String decoder, Path input) {
        @Override
        public String toString() {
            return name + " " + params;
        }
    }

    static List<Measured> read(Path tsv, java.util.function.Function<String, Path> input) {
        try {
            List<Measured> out = new ArrayList<>();
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f[0].equals("name") || f[0].equals("path")) {
                    continue;
                }
                EbpcParams p = new EbpcParams(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
                out.add(new Measured(f[0], p, Long.parseLong(f[4]), f[5], f[6], input.apply(f[0])));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Measured> conformance() {
        return read(RESOURCES.resolve("conformance/rtl_cycles.tsv"), n -> RESOURCES.resolve("conformance/" + n + ".in"))
                .stream();
    }

    /** The decoder's counts for the parameter sets rtl_cycles.tsv gives no decoder count for. */
    static Stream<Measured> conformanceDecoder() {
        return read(
                RESOURCES.resolve("hw/rtl_conformance_decoder.tsv"), n -> RESOURCES.resolve("conformance/" + n + ".in"))
                .stream();
    }

    static Stream<Measured> stress() {
        return read(RESOURCES.resolve("hw/rtl_stress.tsv"), n -> RESOURCES.resolve("hw/stress/" + n + ".in")).stream();
    }

    static List<Measured> traces(Path root) {
        return read(RESOURCES.resolve("hw/rtl_traces.tsv"), n -> root.resolve(n));
    }

    /** The measured tensors that are bundled: MobileNetV2's on the astronaut photograph, and some gradients. */
    static Stream<Measured> bundledTraces() {
        return traces(RESOURCES.resolve("traces")).stream()
                .map(m -> new Measured(m.name(), m.params(), m.words(), m.encoder(), m.decoder(), bundled(m.name())))
                .filter(m -> Files.exists(m.input()));
    }

    private static Path bundled(String sharedPath) {
        String folder = sharedPath.startsWith("MobileNetV2/astronaut/")
                ? "mobilenetv2-astronaut"
                : sharedPath.startsWith("MobileNetV2-grad/astronaut/") ? "mobilenetv2-grad-astronaut" : "none";
        return RESOURCES
                .resolve("traces")
                .resolve(folder)
                .resolve(Path.of(sharedPath).getFileName());
    }

    static Words words(Measured m) throws IOException {
        byte[] raw = Files.readAllBytes(m.input());
        if (m.input().toString().endsWith(".npy")) {
            int header = Npy.headerLength(Arrays.copyOf(raw, 12));
            raw = Arrays.copyOfRange(raw, header, raw.length);
        }
        Words w = Words.fromLittleEndian(raw, m.params().wordWidth());
        assertEquals(m.words(), w.length(), "word count of " + m.input());
        return w;
    }

    static void assertModelled(Measured m) throws IOException {
        Words w = words(m);
        HwCycles.Encoder e = EncoderModel.run(w, m.params());
        assertEquals(m.encoder(), e.counted() ? Long.toString(e.cycles()) : "-", "encoder cycles of " + m);
        if (!m.decoder().equals("-")) {
            assertTrue(DecoderModel.covers(m.params()));
            HwCycles.Decoder d = DecoderModel.run(new EbpcEncoder(m.params()).encode(w));
            assertEquals(m.decoder(), Long.toString(d.cycles()), "decoder cycles of " + m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformance")
    void conformanceCasesTakeTheRtlsCycles(Measured m) throws IOException {
        assertModelled(m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceDecoder")
    void conformanceCasesTakeTheRtlsDecoderCyclesAtEveryParameterSet(Measured m) throws IOException {
        assertModelled(m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stress")
    void stressInputsTakeTheRtlsCycles(Measured m) throws IOException {
        assertModelled(m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledTraces")
    void bundledTensorsTakeTheRtlsCycles(Measured m) throws IOException {
        assertModelled(m);
    }

    @Test
    void everyMeasuredSharedTensorTakesTheRtlsCycles() throws IOException {
        assumeTrue(Files.isDirectory(SHARED_TRACES), "../shared/traces is not beside the project");
        List<Measured> all = traces(SHARED_TRACES);
        assertTrue(all.size() > 800, "measured tensors: " + all.size());
        for (Measured m : all) {
            assertModelled(m);
        }
    }

    @Test
    void theMeasurementsCoverEveryParameterSetAndStallKind() {
        long sets = Stream.concat(conformance(), stress())
                .map(Measured::params)
                .distinct()
                .count();
        assertEquals(8, sets);
        assertEquals(
                8,
                Stream.concat(conformance(), Stream.concat(conformanceDecoder(), stress()))
                        .filter(m -> !m.decoder().equals("-"))
                        .map(Measured::params)
                        .distinct()
                        .count(),
                "decoder counts at every set");
        assertTrue(bundledTraces().count() >= 150, "bundled measured tensors");
        assertTrue(bundledTraces().anyMatch(m -> m.params().wordWidth() == 16), "float16 tensors");
        assertTrue(bundledTraces().filter(m -> m.name().contains("-grad/")).count() >= 4, "gradient tensors");
    }

    @Test
    void stallsAddUpToTheCyclesBeyondOneAWord() throws IOException {
        Measured dense = stress().filter(
                        m -> m.name().equals("w32_dense_random") && m.params().blockSize() == 8)
                .findFirst()
                .orElseThrow();
        HwCycles.Encoder e = EncoderModel.run(words(dense), dense.params());
        assertEquals(e.cycles(), e.words() + e.bpcStalls() + e.znzStalls() + e.fsmStalls() + e.drain());
        // 32-bit dense words: the bit-plane coder needs W+2 cycles a block of 8, so it holds the input.
        assertTrue(e.bpcStalls() > 3 * e.words(), e.toString());
        assertTrue(e.fsmStalls() >= 0 && e.drain() > 0, e.toString());
        Measured sparse = stress().filter(
                        m -> m.name().equals("w8_isolated_nonzeros") && DecoderModel.covers(m.params()))
                .findFirst()
                .orElseThrow();
        Words w = words(sparse);
        HwCycles.Decoder d = DecoderModel.run(new EbpcEncoder(sparse.params()).encode(w));
        assertEquals(d.cycles(), d.words() + d.bpcStalls() + d.znzStalls());
        assertTrue(d.bpcStalls() > 0, d.toString());
    }
}
