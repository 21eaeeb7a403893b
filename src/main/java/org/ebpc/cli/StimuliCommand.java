package org.ebpc.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.format.Container;
import org.ebpc.io.AtomicOutput;
import org.ebpc.io.InputWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc stimuli}: the stimulus and expected-response files of the open EBPC hardware's
 * testbench (pulp-platform/stream-ebpc) for one input, so an RTL simulation can be checked
 * against this model. docs/STIMULI.md describes the files.
 */
@Command(
        name = "stimuli",
        mixinStandardHelpOptions = true,
        description = {
            "Write the EBPC hardware testbench's stimulus and expected-response files for FILE "
                    + "(.npy int8/uint8, or raw bytes): W=8, N=8, at most 2^24 words.",
            "Encoder: PREFIX_input.stim, PREFIX_znz.expresp, PREFIX_bpc.expresp. Decoder: PREFIX_num_words_input.stim, "
                    + "PREFIX_znz_input.stim, PREFIX_bpc_input.stim, PREFIX_data_output.expresp."
        })
final class StimuliCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    KernelOption kernel;

    @Option(names = "--out", paramLabel = "PREFIX", required = true, description = "Path prefix of the files written.")
    String prefix;

    @Option(
            names = "--max-zero-run",
            paramLabel = "Z",
            defaultValue = "16",
            description = "Z of the hardware build (default: ${DEFAULT-VALUE}).")
    int maxZeroRun;

    @Option(
            names = {"-f", "--force"},
            description = "Overwrite existing files.")
    boolean force;

    @Parameters(paramLabel = "FILE", description = "Input words.")
    Path file;

    @Override
    public Integer call() throws IOException {
        EbpcParams p = CliException.usage(() -> new EbpcParams(8, 8, maxZeroRun));
        if (!p.hasHardwareCounterpart()) {
            main.io
                    .err()
                    .println("ebpc: warning: " + p
                            + " has no hardware counterpart (the RTL's ZNZ stream differs for Z>=128)");
        }
        byte[] words = InputWords.load(file, 8, "the EBPC hardware's testbench takes 8-bit words (int8 or uint8)");
        if (words.length == 0) {
            throw new CliException(
                    file + ": no words (the hardware takes n-1 on its word-count port; n must be at least 1)");
        }
        if (words.length > Container.MAX_CHUNK_WORDS) {
            throw new CliException(file + ": " + words.length + " words; one hardware stream pair holds at most "
                    + Container.MAX_CHUNK_WORDS + " (split the input)");
        }
        EncodedStreams s = new EbpcEncoder(p, kernel.kernel()).encode(MemorySegment.ofArray(words));
        String input = lines(words);
        String znz = lines(s.znz());
        String bpc = lines(s.bpc());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("_input.stim", input);
        files.put("_znz.expresp", znz);
        files.put("_bpc.expresp", bpc);
        files.put("_num_words_input.stim", binary(words.length - 1, 24));
        files.put("_znz_input.stim", znz);
        files.put("_bpc_input.stim", bpc);
        files.put("_data_output.expresp", input);
        List<Path> targets = new ArrayList<>();
        for (String suffix : files.keySet()) {
            Path t = Path.of(prefix + suffix);
            AtomicOutput.checkWritable(t, force);
            targets.add(t);
        }
        int i = 0;
        for (String text : files.values()) {
            try (AtomicOutput out = AtomicOutput.open(targets.get(i++), force)) {
                out.stream().write(text.getBytes(StandardCharsets.US_ASCII));
                out.commit();
            }
        }
        return 0;
    }

    /** One line per 8-bit word: its bits MSB first, a space, the `last` flag (1 on the final line); no final newline. */
    static String lines(byte[] words) {
        StringBuilder b = new StringBuilder(words.length * 11);
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append(binary(words[i] & 0xFF, 8)).append(' ').append(i == words.length - 1 ? '1' : '0');
        }
        return b.toString();
    }

    static String binary(long value, int bits) {
        StringBuilder b = new StringBuilder(bits);
        for (int k = bits - 1; k >= 0; k--) {
            b.append((value >>> k & 1) == 0 ? '0' : '1');
        }
        return b.toString();
    }
}
