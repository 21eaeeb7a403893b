package org.ebpc.format;

import java.io.IOException;

/** An .ebpc file that is damaged, truncated, or not one at all; the message says what is wrong. */
public final class CorruptContainerException extends IOException {
    public CorruptContainerException(String message) {
        super(message);
    }
}
