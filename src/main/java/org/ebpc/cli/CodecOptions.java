package org.ebpc.cli;

import org.ebpc.EbpcParams;
import picocli.CommandLine.Option;

/** --width, --block, --max-zero-run: the codec parameters, the hardware's by default. */
final class CodecOptions {

    @Option(
            names = "--width",
            paramLabel = "W",
            defaultValue = "8",
            description = "Word width in bits: 8, 16 or 32 (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--block",
            paramLabel = "N",
            defaultValue = "8",
            description = "Bit-plane block size in words: 8, 16 or 32, at most W (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(
            names = "--max-zero-run",
            paramLabel = "Z",
            defaultValue = "16",
            description = "Longest zero run of one ZNZ symbol: a power of two in 2..256 (default: ${DEFAULT-VALUE}).")
    int maxZeroRun;

    EbpcParams params() {
        return CliException.usage(() -> new EbpcParams(width, block, maxZeroRun));
    }
}
