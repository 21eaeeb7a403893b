package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The heap check before a file is held whole, and read buffers sized to the file. */
class MemoryTest {

    @Test
    void halfTheHeapIsTheLimitAndTheMessageSaysHowMuch() throws IOException {
        long max = Runtime.getRuntime().maxMemory();
        Memory.require(max / 2, "coding this");
        IOException e =
                assertThrows(IOException.class, () -> Memory.require(max / 2 + 1, "coding this archive in memory"));
        long needMb = (max / 2 + 1 + (1 << 20) - 1) >> 20;
        long maxMb = (max + (1 << 20) - 1) >> 20;
        assertEquals(
                "coding this archive in memory needs about " + needMb + " MB of memory, more than this JVM may use ("
                        + maxMb + " MB heap); give it more with JAVA_OPTS=-Xmx...",
                e.getMessage());
    }

    @Test
    void readBuffersFollowTheFileUpToOneMebibyte() {
        assertEquals(1 << 20, Memory.readBuffer(-1), "unknown size");
        assertEquals(8192, Memory.readBuffer(0));
        assertEquals(8192, Memory.readBuffer(8191));
        assertEquals(100_001, Memory.readBuffer(100_000), "the file and one byte more, to see its end");
        assertEquals(1 << 20, Memory.readBuffer((1 << 20) - 1));
        assertEquals(1 << 20, Memory.readBuffer(1L << 40));
    }
}
