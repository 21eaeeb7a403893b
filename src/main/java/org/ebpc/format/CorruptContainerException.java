package org.ebpc.format;

import java.io.IOException;

/**
 * An .ebpc file that is damaged, truncated, or not one at all; the message says what is wrong
 * and where. The factories give every reader the same wording for the same place.
 */
public final class CorruptContainerException extends IOException {
    public CorruptContainerException(String message) {
        super(message);
    }

    /** "chunk N: reason". */
    static CorruptContainerException inChunk(int chunk, String reason) {
        return new CorruptContainerException("chunk " + chunk + ": " + reason);
    }

    /** "chunk N, slice M: reason". */
    static CorruptContainerException inSlice(int chunk, int slice, String reason) {
        return new CorruptContainerException("chunk " + chunk + ", slice " + slice + ": " + reason);
    }

    /** "truncated (the file ends inside WHERE)". */
    static CorruptContainerException truncated(String where) {
        return new CorruptContainerException("truncated (the file ends inside " + where + ")");
    }

    /** Throws {@code reason} unless {@code ok}. */
    static void verify(boolean ok, String reason) throws CorruptContainerException {
        if (!ok) {
            throw new CorruptContainerException(reason);
        }
    }
}
