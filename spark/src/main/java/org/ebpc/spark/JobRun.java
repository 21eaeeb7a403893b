package org.ebpc.spark;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * One job's Spark session, the files it reads and the folder it writes, that folder swept of
 * dead temporaries when the job starts (an earlier job's) and when it ends (its failed attempts').
 */
final class JobRun implements AutoCloseable {

    final SparkSession spark;
    final JavaSparkContext sc;
    final HadoopConf conf;
    /** The configuration as the executors get it: once, not with every task. */
    final Broadcast<HadoopConf> shared;

    final List<Corpus.Entry> files;
    /** The output folder, or null (test). */
    final Path out;

    final String id = EbpcSpark.jobId();

    JobRun(EbpcSpark main, String job, String in, String outRoot, Predicate<String> keep) throws IOException {
        spark = main.session(job);
        try {
            sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
            shared = sc.broadcast(conf);
            files = Corpus.list(HadoopConf.resolve(in), conf, keep);
            out = outRoot == null ? null : HadoopConf.resolve(outRoot);
            sweep();
        } catch (IOException | RuntimeException e) {
            spark.close();
            throw e;
        }
    }

    private void sweep() throws IOException {
        if (out != null) {
            Outputs.sweep(conf.fs(out), out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sweep();
        } finally {
            spark.close();
        }
    }
}
