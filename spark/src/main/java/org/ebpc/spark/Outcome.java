package org.ebpc.spark;

import java.io.Serializable;

/**
 * What became of one file: done, skipped (its output was already there and verified) or failed,
 * with the reason; bytes read and written (for analyze: tensor rows).
 */
record Outcome(String rel, Status status, long bytesIn, long bytesOut, String message) implements Serializable {

    enum Status {
        DONE,
        SKIPPED,
        FAILED
    }

    static Outcome done(String rel, long in, long out) {
        return new Outcome(rel, Status.DONE, in, out, null);
    }

    static Outcome skipped(String rel, long in, long out) {
        return new Outcome(rel, Status.SKIPPED, in, out, null);
    }

    static Outcome failed(String rel, Throwable e) {
        return new Outcome(rel, Status.FAILED, 0, 0, org.ebpc.EbpcFiles.describe(e));
    }

    static Outcome failed(String rel, String message) {
        return new Outcome(rel, Status.FAILED, 0, 0, message);
    }
}
