package org.ebpc.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads a whole file as raw little-endian words for the in-memory commands (bench, streams):
 * a {@code .npy} file gives its array data (its dtype must have W bits), anything else is
 * taken as raw words of W/8 bytes.
 */
public final class InputWords {

    private InputWords() {}

    /** The file's words as raw little-endian bytes. */
    public static byte[] load(Path file, int wordWidth) throws IOException {
        return load(file, wordWidth, "use --width ");
    }

    /**
     * As {@link #load(Path, int)}; a .npy of another word width is refused with {@code hint}
     * (followed by the array's width when it ends with a space).
     */
    public static byte[] load(Path file, int wordWidth, String hint) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 64) {
            throw new IOException(file + ": " + size + " bytes is more than this command holds in memory (2 GiB)");
        }
        byte[] all;
        try (InputStream in = Files.newInputStream(file)) {
            all = in.readAllBytes();
        }
        if (Npy.isNpy(all)) {
            Npy.Header h;
            try {
                h = Npy.parseHeader(Arrays.copyOf(all, Math.min(all.length, 1 << 20)), all.length);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage());
            }
            if (h.dtype().wordWidth() != wordWidth) {
                throw new IOException(file + ": dtype " + h.dtype().label + " has "
                        + h.dtype().wordWidth() + "-bit words; " + hint
                        + (hint.endsWith(" ") ? String.valueOf(h.dtype().wordWidth()) : ""));
            }
            byte[] data = Arrays.copyOfRange(all, h.dataOffset(), all.length);
            if (h.coding().swap() > 0) {
                ByteSwap.swap(data, 0, data.length, h.coding().swap()); // big-endian elements: their values as words
            }
            return data;
        }
        if (all.length % (wordWidth / 8) != 0) {
            throw new IOException(
                    file + ": " + all.length + " bytes is not a whole number of " + wordWidth + "-bit words");
        }
        return all;
    }
}
