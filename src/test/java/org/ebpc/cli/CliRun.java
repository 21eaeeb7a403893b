package org.ebpc.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs one ebpc command line in-process, as the tests type it, and keeps what it printed. */
record CliRun(int code, byte[] stdout, String err) {

    static CliRun of(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new Main.Io(
                        new ByteArrayInputStream(stdin),
                        new PrintStream(out, true),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Copies test resource {@code name} (a path under the resources) into {@code dir} as {@code as}. */
    static java.nio.file.Path copyResource(java.nio.file.Path dir, String name, String as) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(as);
        try (java.io.InputStream in = CliRun.class.getResourceAsStream("/" + name)) {
            java.nio.file.Files.write(p, in.readAllBytes());
        }
        return p;
    }

    /** The names in a folder, sorted. */
    static java.util.List<String> files(java.nio.file.Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
