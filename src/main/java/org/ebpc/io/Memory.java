package org.ebpc.io;

import java.io.IOException;

/**
 * The heap check before holding a whole file or array in memory (archives, analyze): a clear
 * refusal that names the size and the way out, instead of an OutOfMemoryError halfway through.
 */
public final class Memory {

    private Memory() {}

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

    /**
     * A read buffer for a file of {@code size} bytes (-1: unknown): at most 1 MiB, no more than
     * the file. A folder of 12,940 small containers allocated 13 GB of 1 MiB buffers otherwise.
     */
    public static int readBuffer(long size) {
        return size < 0 ? 1 << 20 : (int) Math.max(8192, Math.min(1 << 20, size + 1));
    }
}
