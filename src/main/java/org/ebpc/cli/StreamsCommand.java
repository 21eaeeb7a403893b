package org.ebpc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.io.AtomicOutput;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ebpc streams}: the bare ZNZ and BPC streams, in the conformance files' form, for
 * hardware work. Raw files hold little-endian two's-complement words of W/8 bytes.
 */
@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description = "Encode raw words to bare ZNZ and BPC streams, or decode them (the hardware's form).",
        subcommands = {StreamsCommand.Encode.class, StreamsCommand.Decode.class})
final class StreamsCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        throw new CliException("streams needs a command: encode or decode (see ebpc streams --help)", 2);
    }

    /** Options shared by encode and decode. */
    abstract static class Base implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        StreamsCommand parent;

        @Mixin
        CodecOptions codec;

        @Mixin
        KernelOption kernel;

        @Option(
                names = {"-f", "--force"},
                description = "Overwrite existing output files.")
        boolean force;

        @Option(
                names = {"-v", "--verbose"},
                description = "Print a summary line on stderr.")
        boolean verbose;

        Main.Io io() {
            return parent.main.io;
        }

        void warnIfNoHardware(EbpcParams p) {
            if (!p.hasHardwareCounterpart()) {
                io().err()
                        .println("ebpc: warning: " + p
                                + " has no hardware counterpart (the RTL's ZNZ stream differs for W=8, Z>=128)");
            }
        }

        static byte[] readInput(Path file) throws IOException {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new CliException(file + ": " + size + " bytes is too large for one stream pair; split it", 1);
            }
            return Files.readAllBytes(file);
        }
    }

    @Command(
            name = "encode",
            mixinStandardHelpOptions = true,
            description =
                    "Encode IN (raw little-endian words of W/8 bytes, or the array of a .npy of W-bit words) to the streams ZNZ and BPC, "
                            + "MSB-first, each padded to whole W-bit words.")
    static final class Encode extends Base {
        @Parameters(index = "0", paramLabel = "IN", description = "Raw input words.")
        Path in;

        @Parameters(index = "1", paramLabel = "ZNZ", description = "Output: the ZNZ stream.")
        Path znzOut;

        @Parameters(index = "2", paramLabel = "BPC", description = "Output: the BPC stream.")
        Path bpcOut;

        @Override
        public Integer call() throws IOException {
            EbpcParams p = codec.params();
            Kernel k = kernel.kernel();
            AtomicOutput.checkWritable(znzOut, force);
            AtomicOutput.checkWritable(bpcOut, force);
            // A .npy gives its array's words (its header is not data); anything else is raw words.
            byte[] raw = org.ebpc.io.InputWords.load(in, p.wordWidth());
            warnIfNoHardware(p);
            EncodedStreams s = new EbpcEncoder(p, k).encode(Words.fromLittleEndian(raw, p.wordWidth()));
            try (AtomicOutput z = AtomicOutput.open(znzOut, force);
                    AtomicOutput b = AtomicOutput.open(bpcOut, force)) {
                z.stream().write(s.znz());
                b.stream().write(s.bpc());
                z.commit();
                b.commit();
            }
            if (verbose) {
                io().err()
                        .printf(
                                "%s: %d words (%s) -> ZNZ %d bits, BPC %d bits, %d bytes padded, ratio %.3f [%s kernel]%n",
                                in,
                                s.words(),
                                p,
                                s.znzBits(),
                                s.bpcBits(),
                                s.znz().length + s.bpc().length,
                                s.ratio(),
                                k.name());
            }
            return 0;
        }
    }

    @Command(
            name = "decode",
            mixinStandardHelpOptions = true,
            description = "Decode COUNT words from the streams ZNZ and BPC and write them to OUT as raw "
                    + "little-endian words of W/8 bytes.")
    static final class Decode extends Base {
        @Option(
                names = "--words",
                paramLabel = "COUNT",
                required = true,
                description = "Number of words to decode (the streams do not hold it).")
        long words;

        @Parameters(index = "0", paramLabel = "ZNZ", description = "The ZNZ stream.")
        Path znzIn;

        @Parameters(index = "1", paramLabel = "BPC", description = "The BPC stream.")
        Path bpcIn;

        @Parameters(index = "2", paramLabel = "OUT", description = "Output: raw words.")
        Path out;

        @Override
        public Integer call() throws IOException {
            EbpcParams p = codec.params();
            Kernel k = kernel.kernel();
            if (words < 0 || words > Integer.MAX_VALUE / p.bytesPerWord()) {
                throw new CliException(
                        "--words must be in 0.." + Integer.MAX_VALUE / p.bytesPerWord() + ", not " + words, 2);
            }
            AtomicOutput.checkWritable(out, force);
            byte[] znz = readInput(znzIn);
            byte[] bpc = readInput(bpcIn);
            warnIfNoHardware(p);
            byte[] raw;
            try {
                raw = Words.toLittleEndian(new EbpcDecoder(p, k).decode(znz, bpc, (int) words, p.wordWidth()));
            } catch (MalformedStreamException e) {
                Path file = e.stream() == MalformedStreamException.Stream.ZNZ ? znzIn : bpcIn;
                throw new CliException(file + ": corrupt " + e.getMessage(), 1);
            }
            try (AtomicOutput o = AtomicOutput.open(out, force)) {
                o.stream().write(raw);
                o.commit();
            }
            if (verbose) {
                io().err().printf("%s + %s -> %s: %d words (%s) [%s kernel]%n", znzIn, bpcIn, out, words, p, k.name());
            }
            return 0;
        }
    }
}
