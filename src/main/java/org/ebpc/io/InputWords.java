package org.ebpc.io;

import java.io.IOException;
import java.nio.file.Path;

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
        byte[] all = TensorFiles.readAll(file);
        if (Npy.isNpy(all)) {
            TensorFiles.Tensor t;
            try {
                t = TensorFiles.npy(PathNames.of(file), all);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage());
            }
            int width = t.dtype().wordWidth();
            if (width != wordWidth) {
                throw new IOException(file + ": dtype " + t.dtype().label + " has " + width + "-bit words; " + hint
                        + (hint.endsWith(" ") ? String.valueOf(width) : ""));
            }
            return t.data();
        }
        if (all.length % (wordWidth / 8) != 0) {
            throw new IOException(
                    file + ": " + all.length + " bytes is not a whole number of " + wordWidth + "-bit words");
        }
        return all;
    }
}
