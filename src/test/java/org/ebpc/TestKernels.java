package org.ebpc;

import java.util.ArrayList;
import java.util.List;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.ebpc.kernel.ScalarKernel;

/**
 * The kernels every kernel-parameterized test runs: the scalar reference and, where this JVM can
 * run it, the vector kernel. Where it cannot, VectorKernelAvailabilityTest is skipped (visibly,
 * with the reason) and fails under CI, so a missing vector kernel never passes silently.
 */
public class TestKernels {

    public static List<Kernel> all() {
        List<Kernel> kernels = new ArrayList<>(List.of(ScalarKernel.INSTANCE));
        if (Kernels.vectorUnavailableReason() == null) {
            kernels.add(Kernels.lookup("vector", false));
        }
        return kernels;
    }
}
