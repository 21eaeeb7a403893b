package org.ebpc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.ebpc.MalformedStreamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ebpc} command line. Every failure ends as one line on stderr beginning
 * {@code ebpc: } and a non-zero exit code: 2 for wrong usage, 1 for a failed job.
 */
@Command(name = "ebpc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Extended Bit-Plane Compression (EBPC) of CNN feature maps, bit-exact with the EBPC hardware.",
        subcommands = {DemoCommand.class, StreamsCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    /** Where the commands read and write; System's streams, or a test's. */
    record Io(InputStream in, PrintStream out, PrintStream err) {
    }

    Io io;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command");
    }

    public static void main(String[] args) {
        int code = run(args, new Io(System.in, System.out, System.err));
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never throws. */
    public static int run(String[] args, Io io) {
        Main main = new Main();
        main.io = io;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            io.err().println("ebpc: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            io.err().println("ebpc: " + describe(ex));
            if (System.getenv("EBPC_DEBUG") != null) {
                ex.printStackTrace(io.err());
            }
            return ex instanceof CliException c ? c.exitCode() : 1;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | OutOfMemoryError e) {
            io.err().println("ebpc: " + describe(e));
            return 3;
        }
    }

    /** One line for any failure, without a stack trace. */
    static String describe(Throwable e) {
        return switch (e) {
            case CliException c -> c.getMessage();
            case NoSuchFileException n -> n.getFile() + ": no such file";
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case FileAlreadyExistsException f -> f.getMessage();
            case MalformedStreamException m -> "corrupt stream: " + m.getMessage();
            case IOException io -> io.getMessage() == null ? io.toString() : io.getMessage();
            case IllegalArgumentException ia -> ia.getMessage();
            case OutOfMemoryError oom -> "out of memory (give java more heap with JAVA_OPTS=-Xmx...)";
            default -> "internal error: " + e;
        };
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ebpc " + (v == null ? "(development build)" : v)
                    + ", Java " + Runtime.version()};
        }
    }
}
