package org.ebpc.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The files under a job's input folder, as the command line's -r walks one: hidden files left out, in name order. */
final class Corpus {

    /** One input file: its path under the input folder (with / between folders), its URI and size. */
    record Entry(String rel, String uri, long size) implements Serializable {
        /** The file name, without its folders. */
        String name() {
            return rel.substring(rel.lastIndexOf('/') + 1);
        }
    }

    private Corpus() {}

    /** Every file under {@code root} (or {@code root} itself when it is a file) whose relative path {@code keep} accepts. */
    static List<Entry> list(Path root, HadoopConf conf, Predicate<String> keep) throws IOException {
        FileSystem fs = conf.fs(root);
        Path base = fs.makeQualified(root);
        FileStatus status;
        try {
            status = fs.getFileStatus(base);
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.FileNotFoundException(root + ": no such file or folder");
        }
        List<Entry> out = new ArrayList<>();
        if (status.isFile()) {
            out.add(new Entry(base.getName(), base.toString(), status.getLen()));
            return out;
        }
        walk(fs, base, "", keep, out);
        out.sort(Comparator.comparing(Entry::rel));
        return out;
    }

    /**
     * Folder by folder with listStatus: listFiles' located statuses load each file's permissions,
     * which on a local disk without Hadoop's native library forks an `ls` per file (5 ms each).
     */
    private static void walk(FileSystem fs, Path dir, String prefix, Predicate<String> keep, List<Entry> out)
            throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            String rel = prefix + f.getPath().getName();
            if (f.getPath().getName().startsWith(".")) {
                continue; // hidden, the job's own temporaries among them
            }
            if (f.isDirectory()) {
                walk(fs, f.getPath(), rel + "/", keep, out);
            } else if (f.isFile() && keep.test(rel)) {
                out.add(new Entry(rel, f.getPath().toString(), f.getLen()));
            }
        }
    }
}
