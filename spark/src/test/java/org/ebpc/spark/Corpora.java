package org.ebpc.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test corpora from the core's bundled traces, and the two command lines run in-process. */
final class Corpora {

    /** The core's bundled MobileNetV2 traces (the module sits in the core's folder). */
    static final Path TRACES = Path.of("../src/test/resources/traces/mobilenetv2-astronaut");

    private Corpora() {}

    /** A corpus: {@code count} trace files at the top, the same again under a/ and b/c/ (one layer across "images"). */
    static Path make(Path dir, int count) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<Path> traces;
        try (Stream<Path> s = Files.list(TRACES)) {
            traces = s.sorted().limit(count).toList();
        }
        for (String sub : new String[] {"", "a", "b/c"}) {
            Path to = Files.createDirectories(in.resolve(sub));
            for (Path t : traces) {
                Files.copy(t, to.resolve(t.getFileName()));
            }
        }
        return in;
    }

    /** Every regular file under {@code root}, by path under it (hidden ones included). */
    static List<String> files(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                    .forEach(p -> out.add(root.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }

    record Run(int code, String out, String err) {}

    static Run spark(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EbpcSpark.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run ebpc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = org.ebpc.cli.Main.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A copy of {@code in} compressed in place by the command line (-r -q and {@code options}). */
    static Path compressedByCli(Path in, Path copy, String... options) throws IOException {
        try (Stream<Path> s = Files.walk(in)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(in.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("-q", "-r", "--rm"));
        args.addAll(List.of(options));
        args.add(copy.toString());
        Run r = ebpc(args.toArray(String[]::new));
        if (r.code() != 0) {
            throw new IOException("ebpc failed: " + r.err());
        }
        return copy;
    }
}
