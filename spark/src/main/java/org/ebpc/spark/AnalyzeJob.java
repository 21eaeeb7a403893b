package org.ebpc.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@code analyze IN OUT}: the rows {@code ebpc analyze --csv} prints for every tensor of every
 * file, each file analyzed by the command line itself on an executor (so the figures are its
 * figures), gathered with a {@code path} column in front: the file's path under IN, and the
 * entry's name inside an archive.
 */
final class AnalyzeJob {

    /** One file's size and rows (the command line's CSV lines, totals left out) under its header, or why it failed. */
    record Analyzed(String rel, long bytes, String header, List<String> lines, String failure)
            implements Serializable {}

    private AnalyzeJob() {}

    static List<Analyzed> run(
            JavaSparkContext sc, List<Corpus.Entry> files, List<String> options, Broadcast<HadoopConf> conf) {
        List<Analyzed> out =
                new ArrayList<>(Tasks.map(sc, files, Corpus.Entry::size, e -> analyze(e, options, conf.value())));
        out.sort(java.util.Comparator.comparing(Analyzed::rel));
        return out;
    }

    /** The file copied to a local folder under its own name, analyzed there by the command line. */
    static Analyzed analyze(Corpus.Entry e, List<String> options, HadoopConf conf) {
        java.nio.file.Path dir = null;
        java.nio.file.Path local = null;
        try {
            dir = Files.createTempDirectory("ebpc-spark-analyze");
            local = dir.resolve(e.name());
            Path source = new Path(e.uri());
            try (InputStream in = conf.fs(source).open(source)) {
                Files.copy(in, local);
            }
            Cli run = Cli.run(options, local);
            if (run.code() != 0) {
                return new Analyzed(e.rel(), e.size(), null, List.of(), run.failure(local));
            }
            List<String> lines = new ArrayList<>(run.out().lines().toList());
            String header = lines.isEmpty() ? null : lines.remove(0);
            lines.removeIf(l -> Csv.fields(l).get(0).equals("TOTAL"));
            return new Analyzed(e.rel(), e.size(), header, lines, null);
        } catch (IOException | RuntimeException ex) {
            return new Analyzed(e.rel(), e.size(), null, List.of(), org.ebpc.EbpcFiles.describe(ex));
        } finally {
            try {
                if (local != null) {
                    Files.deleteIfExists(local);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // a temporary folder left in /tmp is harmless
            }
        }
    }

    /** {@code ebpc analyze --csv OPTIONS FILE}, in this JVM. */
    record Cli(int code, String out, String err) {
        static Cli run(List<String> options, java.nio.file.Path file) {
            List<String> args = new ArrayList<>(List.of("analyze", "--csv"));
            args.addAll(options);
            args.add(file.toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = org.ebpc.cli.Main.run(
                    args.toArray(String[]::new),
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        /** The command line's message, without its "ebpc: " and the local copy's name. */
        String failure(java.nio.file.Path local) {
            String line = err.lines()
                    .filter(l -> !l.startsWith("ebpc: warning:"))
                    .findFirst()
                    .orElse("ebpc: analyze failed (exit " + code + ")");
            line = line.startsWith("ebpc: ") ? line.substring(6) : line;
            String prefix = local + ": ";
            return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
        }
    }

    /** The path column of a row: the file's folder under IN, then the command line's name (the file, or file/entry). */
    static String path(String rel, String name) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? name : rel.substring(0, slash + 1) + name;
    }

    /** Reads the fields of one CSV line as the command line writes them (quotes around fields with commas or quotes). */
    static final class Csv {
        private Csv() {}

        static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        f.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(f.toString());
                    f.setLength(0);
                } else {
                    f.append(c);
                }
            }
            out.add(f.toString());
            return out;
        }

        static String field(String s) {
            return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }
}
