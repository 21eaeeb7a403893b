package org.ebpc.io;

import java.io.IOException;

/**
 * The heap check before holding a whole file or array in memory (archives, analyze): a clear
 * refusal that names the size and the way out, instead of an OutOfMemoryError halfway through.
 */
public final class Memory {

    private Memory() {
    }

    /**
     * Throws unless {@code bytes} fit comfortably in this JVM's heap (half of its maximum);
     * {@code what} starts the message ("coding this archive in memory").
     */
    public static void require(long bytes, String what) throws IOException {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max / 2) {
            throw new IOException(what + " needs about " + mb(bytes) + " of memory, more than this JVM may use ("
                    + mb(max) + " heap); give it more with JAVA_OPTS=-Xmx...");
        }
    }

    private static String mb(long bytes) {
        return (bytes + (1 << 20) - 1 >> 20) + " MB";
    }
}
