package org.ebpc.spark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ebpc.EbpcFiles;
import org.ebpc.io.Memory;

/**
 * {@code decompress IN OUT} (every IN/X.ebpc back to OUT/X, byte for byte) and {@code test IN}
 * (every checksum of every container; nothing written), one task a file.
 */
final class RestoreJob {

    private RestoreJob() {}

    /** outRoot null: test only. */
    static List<Outcome> run(
            JavaSparkContext sc, List<Corpus.Entry> files, String outRoot, Broadcast<HadoopConf> conf, String jobId) {
        List<Outcome> out = new java.util.ArrayList<>(Tasks.map(
                sc,
                files,
                Corpus.Entry::size,
                e -> outRoot == null ? test(e, conf.value()) : decompress(e, outRoot, conf.value(), jobId)));
        out.sort(java.util.Comparator.comparing(Outcome::rel));
        return out;
    }

    private static Outcome test(Corpus.Entry e, HadoopConf conf) {
        Path source = new Path(e.uri());
        try (InputStream in = new BufferedInputStream(conf.fs(source).open(source), Memory.readBuffer(e.size()))) {
            EbpcFiles.Result r = EbpcFiles.test(in, EbpcFiles.Options.DEFAULT);
            return Outcome.done(e.rel(), e.size(), r.bytesOut());
        } catch (IOException | RuntimeException ex) {
            return Outcome.failed(e.rel(), ex);
        }
    }

    private static Outcome decompress(Corpus.Entry e, String outRoot, HadoopConf conf, String jobId) {
        try {
            String rel = e.rel().substring(0, e.rel().length() - CompressJob.SUFFIX.length());
            Path target = new Path(outRoot + "/" + rel);
            Path source = new Path(e.uri());
            FileSystem fs = conf.fs(target);
            long written = Outputs.write(fs, target, jobId, CompressJob.attempt(), o -> {
                try (InputStream in =
                        new BufferedInputStream(conf.fs(source).open(source), Memory.readBuffer(e.size()))) {
                    return EbpcFiles.decompress(in, o, EbpcFiles.Options.DEFAULT, n -> {})
                            .bytesOut();
                }
            });
            return Outcome.done(e.rel(), e.size(), written);
        } catch (IOException | RuntimeException ex) {
            return Outcome.failed(e.rel(), ex);
        }
    }
}
