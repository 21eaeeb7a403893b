package org.ebpc.cli;

import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import picocli.CommandLine.Option;

/** --kernel auto|scalar|vector, on every command. */
final class KernelOption {

    @Option(
            names = "--kernel",
            paramLabel = "K",
            description = "Kernel: auto, scalar or vector (default: system property ebpc.kernel, else auto).")
    String kernel;

    Kernel kernel() {
        return CliException.usage(() -> kernel == null ? Kernels.preferred() : Kernels.lookup(kernel, true));
    }
}
