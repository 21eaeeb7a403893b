package org.ebpc.cli;

/** A failure to report as one line "ebpc: message" with the given exit code. */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** The value, or for a bad parameter (IllegalArgumentException) a usage error: its message, exit 2. */
    static <T> T usage(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    /** {@link #usage(java.util.function.Supplier)} for a check without a value. */
    static void usage(Runnable check) {
        usage(() -> {
            check.run();
            return null;
        });
    }

    int exitCode() {
        return exitCode;
    }
}
