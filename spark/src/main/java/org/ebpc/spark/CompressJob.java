package org.ebpc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ebpc.EbpcFiles;
import org.ebpc.format.ContainerParts;

/**
 * {@code compress IN OUT}: every file under IN becomes OUT/its path.ebpc, the bytes
 * {@code ebpc FILE} writes with the same options. Files are coded whole, packed into tasks
 * ({@link Tasks}); a file larger than the split size whose layout splits is coded as ranges of
 * whole chunks on several tasks, then joined on one. Outputs that already verify are kept (a re-run after a failed job).
 */
final class CompressJob {

    static final String SUFFIX = ".ebpc";

    /** The options, as the command line's, and the split size. */
    record Settings(EbpcFiles.Options options, long splitBytes) implements Serializable {}

    /** A file's first step: its outcome, or the plan to code it in parts. */
    private record First(Corpus.Entry entry, Outcome outcome, ContainerParts.Plan plan) implements Serializable {}

    /** One range of a split file's chunks. */
    private record Range(Corpus.Entry entry, ContainerParts.Plan plan, int index, long firstChunk, long chunks)
            implements Serializable {

        /** The next {@code left} bytes of a stream, then its end: one range read in place, not copied whole. */
        static final class Bounded extends java.io.FilterInputStream {
            private long left;

            Bounded(InputStream in, long left) {
                super(in);
                this.left = left;
            }

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                left -= Math.max(0, n);
                return n;
            }
        }
    }

    /** A coded range, or why it failed. */
    private record Coded(Range range, ContainerParts.Part part, String failure) implements Serializable {}

    /** A split file and its coded parts, to join. */
    private record Join(Corpus.Entry entry, ContainerParts.Plan plan, List<ContainerParts.Part> parts)
            implements Serializable {}

    private CompressJob() {}

    static List<Outcome> run(
            JavaSparkContext sc,
            List<Corpus.Entry> files,
            String outRoot,
            Settings s,
            Broadcast<HadoopConf> conf,
            String jobId) {
        List<First> firsts = Tasks.map(sc, files, Corpus.Entry::size, e -> first(e, outRoot, s, conf.value(), jobId));
        List<Outcome> outcomes = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        for (First f : firsts) {
            if (f.outcome() != null) {
                outcomes.add(f.outcome());
            } else {
                ranges.addAll(ranges(f.entry(), f.plan(), s.splitBytes()));
            }
        }
        if (!ranges.isEmpty()) {
            List<Coded> coded = Tasks.map(
                    sc, ranges, r -> r.chunks() * r.plan().chunkBytes(), r -> code(r, outRoot, conf.value(), jobId));
            List<Join> joins = joins(coded, outcomes);
            if (!joins.isEmpty()) {
                outcomes.addAll(
                        Tasks.map(sc, joins, j -> j.entry().size(), j -> join(j, outRoot, conf.value(), jobId)));
            }
        }
        outcomes.sort(Comparator.comparing(Outcome::rel));
        return outcomes;
    }

    static Path target(String outRoot, String rel) {
        return new Path(outRoot + "/" + rel + SUFFIX);
    }

    /** Kept when its output verifies; coded whole when small or when its layout does not split; else planned. */
    private static First first(Corpus.Entry e, String outRoot, Settings s, HadoopConf conf, String jobId) {
        try {
            Path target = target(outRoot, e.rel());
            FileSystem out = conf.fs(target);
            if (Outputs.verifies(out, target)) {
                return new First(
                        e,
                        Outcome.skipped(
                                e.rel(), e.size(), out.getFileStatus(target).getLen()),
                        null);
            }
            Path source = new Path(e.uri());
            FileSystem in = conf.fs(source);
            if (e.size() > s.splitBytes()) {
                ContainerParts.Plan plan;
                try (InputStream head = in.open(source)) {
                    plan = EbpcFiles.plan(head, e.size(), e.name(), s.options());
                }
                if (plan != null && e.size() - plan.dataOffset() > s.splitBytes()) {
                    return new First(e, null, plan);
                }
            }
            long written = Outputs.write(out, target, jobId, attempt(), o -> {
                try (InputStream data = in.open(source)) {
                    EbpcFiles.Result r = EbpcFiles.compress(data, e.size(), e.name(), o, s.options());
                    Faults.check(e.rel());
                    return r.bytesOut();
                }
            });
            return new First(e, Outcome.done(e.rel(), e.size(), written), null);
        } catch (IOException | RuntimeException ex) {
            return new First(e, Outcome.failed(e.rel(), ex), null);
        }
    }

    /** The file's chunks cut into ranges of about the split size, whole chunks each. */
    private static List<Range> ranges(Corpus.Entry e, ContainerParts.Plan plan, long splitBytes) {
        long chunks = Math.max(1, (e.size() - plan.dataOffset() + plan.chunkBytes() - 1) / plan.chunkBytes());
        long per = Math.max(1, splitBytes / plan.chunkBytes());
        List<Range> out = new ArrayList<>();
        for (long first = 0; first < chunks; first += per) {
            out.add(new Range(e, plan, out.size(), first, Math.min(per, chunks - first)));
        }
        return out;
    }

    /** The folder a split file's parts are written to until they are joined. */
    private static Path partsFolder(String outRoot, Corpus.Entry e, String jobId) {
        return Outputs.temporary(target(outRoot, e.rel()), jobId, 0, "parts");
    }

    private static Path partFile(Path folder, int index) {
        return new Path(folder, String.format("part-%05d", index));
    }

    /** Codes one range into its part file (a retried attempt writes it again), streamed from the input. */
    private static Coded code(Range r, String outRoot, HadoopConf conf, String jobId) {
        try {
            Path source = new Path(r.entry().uri());
            long from = r.plan().dataOffset() + r.firstChunk() * r.plan().chunkBytes();
            long to = Math.min(
                    r.entry().size(), from + r.chunks() * r.plan().chunkBytes()); // the last range: the file's end
            Path part = partFile(partsFolder(outRoot, r.entry(), jobId), r.index());
            FileSystem fs = conf.fs(part);
            ContainerParts.Part coded;
            try (FSDataInputStream in = conf.fs(source).open(source);
                    java.io.OutputStream out = Outputs.create(fs, part)) {
                in.seek(from);
                coded = ContainerParts.encode(
                        r.plan(),
                        new java.io.BufferedInputStream(new Range.Bounded(in, to - from), 1 << 16),
                        out,
                        org.ebpc.kernel.Kernels.preferred(),
                        1);
            }
            return new Coded(r, coded, null);
        } catch (IOException | RuntimeException ex) {
            return new Coded(r, null, org.ebpc.EbpcFiles.describe(ex));
        }
    }

    /** Groups the coded ranges per file, in order; a file with a failed range fails (its parts are swept). */
    private static List<Join> joins(List<Coded> coded, List<Outcome> outcomes) {
        java.util.Map<String, List<Coded>> byFile = new java.util.LinkedHashMap<>();
        for (Coded c : coded) {
            byFile.computeIfAbsent(c.range().entry().rel(), k -> new ArrayList<>())
                    .add(c);
        }
        List<Join> out = new ArrayList<>();
        for (List<Coded> parts : byFile.values()) {
            parts.sort(Comparator.comparingInt(c -> c.range().index()));
            Corpus.Entry e = parts.get(0).range().entry();
            String failure = parts.stream()
                    .map(Coded::failure)
                    .filter(f -> f != null)
                    .findFirst()
                    .orElse(null);
            if (failure != null) {
                outcomes.add(Outcome.failed(e.rel(), failure));
            } else {
                out.add(new Join(
                        e,
                        parts.get(0).range().plan(),
                        parts.stream().map(Coded::part).toList()));
            }
        }
        return out;
    }

    /** Header, the parts in order, index: the container, renamed into place whole; the parts then go. */
    private static Outcome join(Join j, String outRoot, HadoopConf conf, String jobId) {
        try {
            Path target = target(outRoot, j.entry().rel());
            FileSystem fs = conf.fs(target);
            Path folder = partsFolder(outRoot, j.entry(), jobId);
            long written = Outputs.write(fs, target, jobId, attempt(), o -> {
                long n = ContainerParts.join(j.plan(), j.parts(), p -> fs.open(partFile(folder, p)), o);
                Faults.check(j.entry().rel());
                return n;
            });
            fs.delete(folder, true);
            return Outcome.done(j.entry().rel(), j.entry().size(), written);
        } catch (IOException | RuntimeException ex) {
            return Outcome.failed(j.entry().rel(), ex);
        }
    }

    /** This task's attempt (0 outside Spark), so a retried task writes a temporary of its own. */
    static long attempt() {
        TaskContext t = TaskContext.get();
        return t == null ? 0 : t.taskAttemptId();
    }
}
