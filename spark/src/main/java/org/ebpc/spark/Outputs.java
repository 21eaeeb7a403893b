package org.ebpc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ebpc.EbpcFiles;

/**
 * Outputs that appear only complete: each is written as a hidden temporary beside its target,
 * named with the job's id, and renamed when whole. Temporaries left by a failed attempt or an
 * earlier job that died are swept, never taken as outputs.
 */
final class Outputs {

    /** ".NAME.<job id>-<n>.tmp" (a file) or ".NAME.<job id>-<n>.parts" (a folder of parts). */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{12}-[0-9]+\\.(tmp|parts)");

    private Outputs() {}

    /** A new temporary beside {@code target}: unique per job and task attempt. */
    static Path temporary(Path target, String jobId, long attempt, String kind) {
        return new Path(target.getParent(), "." + target.getName() + "." + jobId + "-" + attempt + "." + kind);
    }

    /** What writes a temporary. */
    interface Writing<R> {
        R to(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary: renamed over the target when {@code writing}
     * returns, deleted when it throws.
     */
    static <R> R write(FileSystem fs, Path target, String jobId, long attempt, Writing<R> writing) throws IOException {
        Path temp = temporary(target, jobId, attempt, "tmp");
        R r;
        try (OutputStream out = create(fs, temp)) {
            r = writing.to(out);
        } catch (IOException | RuntimeException e) {
            fs.delete(temp, false);
            throw e;
        }
        commit(fs, temp, target);
        return r;
    }

    /**
     * A new file, replacing one of that name. On a local disk through java.nio: Hadoop's local
     * file system sets each new file's permissions by forking `chmod` (without its native library).
     */
    static OutputStream create(FileSystem fs, Path p) throws IOException {
        if (local(fs)) {
            java.nio.file.Path f = java.nio.file.Path.of(p.toUri());
            java.nio.file.Files.createDirectories(f.getParent());
            return new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(f), 1 << 16);
        }
        return fs.create(p, true);
    }

    private static boolean local(FileSystem fs) {
        return "file".equals(fs.getScheme());
    }

    /** Moves a complete temporary to its target, replacing what was there (a damaged earlier output). */
    static void commit(FileSystem fs, Path temp, Path target) throws IOException {
        if (local(fs)) { // one atomic rename, the target never missing
            java.nio.file.Files.move(
                    java.nio.file.Path.of(temp.toUri()),
                    java.nio.file.Path.of(target.toUri()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            throw new IOException("cannot rename " + temp.getName() + " to " + target);
        }
    }

    /** Whether {@code target} exists and is a container whose index and checksums all verify. */
    static boolean verifies(FileSystem fs, Path target) {
        try {
            if (!fs.exists(target)) {
                return false;
            }
            long size = fs.getFileStatus(target).getLen();
            try (InputStream in =
                    new java.io.BufferedInputStream(fs.open(target), org.ebpc.io.Memory.readBuffer(size))) {
                EbpcFiles.test(in, EbpcFiles.Options.DEFAULT);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // partial or damaged: redone
        }
    }

    /** Deletes every temporary of this project's naming under {@code root}; returns how many. */
    static int sweep(FileSystem fs, Path root) throws IOException {
        if (!fs.exists(root) || fs.getFileStatus(root).isFile()) {
            return 0;
        }
        java.util.List<Path> dead = new java.util.ArrayList<>();
        collect(fs, root, dead);
        for (Path p : dead) {
            fs.delete(p, true);
        }
        return dead.size();
    }

    private static void collect(FileSystem fs, Path dir, java.util.List<Path> dead) throws IOException {
        for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(dir)) {
            if (TEMPORARY.matcher(s.getPath().getName()).matches()) {
                dead.add(s.getPath());
            } else if (s.isDirectory()) {
                collect(fs, s.getPath(), dead);
            }
        }
    }
}
