package org.ebpc.io;

import java.nio.file.Path;

/** File names of paths, for messages and suffix tests. */
public final class PathNames {

    private PathNames() {}

    /** The last element of {@code p}'s name, or the whole path for a root (which has none). */
    public static String of(Path p) {
        Path name = p.getFileName();
        return name == null ? p.toString() : name.toString();
    }
}
