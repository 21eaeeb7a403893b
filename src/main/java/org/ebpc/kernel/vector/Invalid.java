package org.ebpc.kernel.vector;

/** A fault found on a fast path; the scalar kernel then names it precisely. */
final class Invalid extends Exception {
    static final Invalid INSTANCE = new Invalid();

    private Invalid() {
        super(null, null, false, false);
    }
}
