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
        int code = Main.run(args, new Main.Io(new ByteArrayInputStream(stdin), new PrintStream(out, true),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
