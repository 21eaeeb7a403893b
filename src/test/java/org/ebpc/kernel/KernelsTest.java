package org.ebpc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernel choice by name, in this JVM (where the Vector API module may or may not be loaded). */
class KernelsTest {

    @Test
    void eachModeGivesItsKernelOrSaysWhyNot() {
        assertSame(ScalarKernel.INSTANCE, Kernels.lookup("scalar", false));
        assertSame(ScalarKernel.INSTANCE, Kernels.lookup("SCALAR", false), "case does not matter");
        String why = Kernels.vectorUnavailableReason();
        if (why == null) {
            assertEquals("vector", Kernels.lookup("vector", false).name());
            assertEquals("vector", Kernels.lookup("auto", false).name(), "auto takes the vector kernel where it runs");
        } else {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Kernels.lookup("vector", false));
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertSame(ScalarKernel.INSTANCE, Kernels.lookup("auto", false));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.lookup("gpu", false));
        assertEquals("kernel must be auto, scalar or vector, not 'gpu'", e.getMessage());
        assertSame(Kernels.preferred(), Kernels.preferred(), "chosen once");
    }
}
