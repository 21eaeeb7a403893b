package org.ebpc.kernel;

import java.util.Locale;

/**
 * Chooses the kernel once, like Lucene's VectorizationProvider. {@code auto} takes the Vector
 * API kernel when the incubator module is in the boot layer and the hardware has vectors of at
 * least 128 bits, else the scalar kernel with one warning (System.Logger "org.ebpc") that says why. The vector class
 * is loaded by name, so the scalar path never links incubator classes.
 *
 * <p>System properties: {@code ebpc.kernel=auto|scalar|vector} (default auto) and
 * {@code ebpc.vectorBits=128|256|512} (default: the hardware's preferred width).
 */
public final class Kernels {

    private static final String VECTOR_CLASS = "org.ebpc.kernel.vector.VectorKernel";
    private static volatile Kernel preferred;

    private Kernels() {}

    /** The kernel chosen by {@code ebpc.kernel}, looked up once. */
    public static Kernel preferred() {
        Kernel k = preferred;
        if (k == null) {
            synchronized (Kernels.class) {
                if (preferred == null) {
                    preferred = lookup(System.getProperty("ebpc.kernel", "auto"), true);
                }
                k = preferred;
            }
        }
        return k;
    }

    /**
     * The kernel for a mode: {@code scalar}, {@code vector} (fails if unavailable) or
     * {@code auto}. With {@code warn}, an auto fallback logs one warning (System.Logger "org.ebpc").
     */
    public static Kernel lookup(String mode, boolean warn) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "scalar":
                return ScalarKernel.INSTANCE;
            case "vector": {
                String why = vectorUnavailableReason();
                if (why != null) {
                    throw new IllegalArgumentException("the vector kernel is not available: " + why);
                }
                return loadVector();
            }
            case "auto": {
                String why = vectorUnavailableReason();
                if (why == null) {
                    return loadVector();
                }
                if (warn) { // through System.Logger: a library does not write to stderr; ebpc prints it as one line
                    System.getLogger("org.ebpc").log(System.Logger.Level.WARNING, "using the scalar kernel: " + why);
                }
                return ScalarKernel.INSTANCE;
            }
            default:
                throw new IllegalArgumentException("kernel must be auto, scalar or vector, not '" + mode + "'");
        }
    }

    /** Null when the vector kernel can run here, else the reason it cannot. */
    public static String vectorUnavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not loaded (run java with --add-modules jdk.incubator.vector)";
        }
        try {
            Class<?> c = Class.forName(VECTOR_CLASS);
            return (String) c.getMethod("unavailableReason").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the vector kernel failed to load: " + e;
        }
    }

    private static Kernel loadVector() {
        try {
            return (Kernel) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the vector kernel failed to load", e);
        }
    }
}
