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

    /** A file's words as raw little-endian bytes, and their width in bits. */
    public record Loaded(byte[] data, int wordWidth) {}

    /**
     * The file's words at their own width: a {@code .npy} file's dtype gives it, any other file
     * is raw words of {@code rawWidth} bits.
     */
    public static Loaded loadAtItsWidth(Path file, int rawWidth) throws IOException {
        byte[] all = TensorFiles.readAll(file);
        if (Npy.isNpy(all)) {
            TensorFiles.Tensor t = npy(file, all);
            return new Loaded(t.data(), t.dtype().wordWidth());
        }
        return new Loaded(raw(file, all, rawWidth), rawWidth);
    }

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
            TensorFiles.Tensor t = npy(file, all);
            int width = t.dtype().wordWidth();
            if (width != wordWidth) {
                throw new IOException(file + ": dtype " + t.dtype().label + " has " + width + "-bit words; " + hint
                        + (hint.endsWith(" ") ? String.valueOf(width) : ""));
            }
            return t.data();
        }
        return raw(file, all, wordWidth);
    }

    private static TensorFiles.Tensor npy(Path file, byte[] all) throws IOException {
        try {
            return TensorFiles.npy(PathNames.of(file), all);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static byte[] raw(Path file, byte[] all, int wordWidth) throws IOException {
        if (all.length % (wordWidth / 8) != 0) {
            throw new IOException(
                    file + ": " + all.length + " bytes is not a whole number of " + wordWidth + "-bit words");
        }
        return all;
    }
}
