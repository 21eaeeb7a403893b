package org.ebpc.spark;

/**
 * A fault injected for the tests: with the system property {@code ebpc.spark.fault} naming a
 * file (its path under the input folder), the first attempt of the task writing it dies after
 * its temporary output is written and before it is renamed, as a lost executor would leave it.
 */
final class Faults {

    /** Escapes the per-file error handling, as a crash does: the task fails. */
    static final class InjectedFault extends Error {
        InjectedFault(String rel) {
            super("injected fault while writing " + rel, null, false, false);
        }
    }

    private Faults() {}

    static void check(String rel) {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        if (rel.equals(System.getProperty("ebpc.spark.fault")) && (task == null || task.attemptNumber() == 0)) {
            throw new InjectedFault(rel);
        }
    }
}
