package org.ebpc.cli;

import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import picocli.CommandLine.Option;

/** --kernel auto|scalar|vector, on every command. */
final class KernelOption {

    @Option(names = "--kernel", paramLabel = "K",
            description = "Kernel: auto, scalar or vector (default: system property ebpc.kernel, else auto).")
    String kernel;

    Kernel kernel() {
        try {
            return kernel == null ? Kernels.preferred() : Kernels.lookup(kernel, true);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }
}
