package org.ebpc.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Byte counts to the progress bar, if there is one. */
final class Progress implements LongConsumer, AutoCloseable {
    private final ProgressBar bar;

    Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A progress bar on the terminal (EBPC_STDERR_TTY, set by the launcher) for inputs over 64 MB, when enabled; else none. */
    static Progress forFile(String name, long size, boolean enabled) {
        boolean tty = "1".equals(System.getenv("EBPC_STDERR_TTY"));
        if (!enabled || !tty || (size >= 0 && size < (64 << 20))) {
            return new Progress(null);
        }
        try {
            PrintStream terminal =
                    new PrintStream(new FileOutputStream("/dev/tty"), true, java.nio.charset.Charset.defaultCharset());
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(org.ebpc.io.PathNames.of(Path.of(name)))
                    .setInitialMax(Math.max(size, 0))
                    .setUnit(" MB", 1_000_000)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .build();
            return new Progress(bar);
        } catch (IOException e) {
            return new Progress(null);
        }
    }

    @Override
    public void accept(long bytes) {
        if (bar != null) {
            bar.stepBy(bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
