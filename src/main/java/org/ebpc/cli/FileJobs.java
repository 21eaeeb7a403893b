package org.ebpc.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.ebpc.EbpcFiles;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.format.Pipeline;
import org.ebpc.io.AtomicOutput;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernel;

/**
 * The file jobs of the top-level command, with zstd's conventions: compress FILE to FILE.ebpc,
 * {@code -d} back, {@code -t} test, {@code -l} list; {@code -} is stdin/stdout. A failed file is
 * named with its reason and the others go on; the exit code is then 1.
 */
final class FileJobs {

    static final String SUFFIX = ".ebpc";

    enum Mode {
        COMPRESS,
        DECOMPRESS,
        TEST,
        LIST
    }

    /** Everything the options say: the file handling here, the coding in the library's options. */
    record Settings(
            Mode mode,
            boolean toStdout,
            Path output,
            boolean force,
            boolean removeSource,
            boolean recursive,
            int verbosity,
            boolean progress,
            boolean asFolder,
            Kernel kernel,
            EbpcFiles.Options codec) {

        int threads() {
            return codec.threads();
        }

        Settings withThreads(int t) {
            return new Settings(
                    mode,
                    toStdout,
                    output,
                    force,
                    removeSource,
                    recursive,
                    verbosity,
                    progress,
                    asFolder,
                    kernel,
                    codec.withThreads(t));
        }
    }

    private final Settings s;
    private final Main.Io io;
    private int failures;

    FileJobs(Settings s, Main.Io io) {
        this.s = s;
        this.io = io;
    }

    int run(List<String> names) {
        List<String> inputs = expand(names);
        if (s.output() != null && inputs.size() > 1) {
            throw new CliException("-o takes one input file, not " + inputs.size(), 2);
        }
        if (s.verbosity() > 0 && s.mode() != Mode.LIST) {
            io.err()
                    .println("ebpc: " + s.kernel().name() + " kernel"
                            + (s.kernel().name().equals("vector") ? ", " + org.ebpc.kernel.BitDeposit.describe() : "")
                            + ", " + s.threads() + (s.threads() == 1 ? " thread" : " threads"));
        }
        List<Listing.Row> listing = new ArrayList<>();
        if (s.mode() != Mode.LIST && s.threads() > 1 && !s.toStdout() && inputs.size() > 1 && independent(inputs)) {
            runFilesInParallel(inputs);
        } else {
            for (String name : inputs) {
                one(name, listing);
            }
        }
        if (s.mode() == Mode.LIST && !listing.isEmpty()) {
            Listing.print(listing, io.out());
            if (io.out().checkError()) { // flushes; a full disk or a closed pipe is a failure
                io.err().println("ebpc: " + CheckedStdout.failed("write error").getMessage());
                return 1;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /**
     * Whether files can run side by side: none named twice, none stdin, and none the output of
     * another (a and a.ebpc: one after the other, the second sees what the first wrote).
     */
    private static boolean independent(List<String> inputs) {
        if (inputs.contains("-")) {
            return false;
        }
        HashSet<Path> all = new HashSet<>();
        for (String name : inputs) {
            if (!all.add(Path.of(name).toAbsolutePath().normalize())) {
                return false;
            }
        }
        for (Path p : all) {
            if (all.contains(Path.of(p + SUFFIX))) {
                return false;
            }
        }
        return true;
    }

    /** One input; a failure is reported (the file named once) and counted. */
    private void one(String name, List<Listing.Row> listing) {
        try {
            switch (s.mode()) {
                case COMPRESS -> compress(name);
                case DECOMPRESS -> decompress(name, false);
                case TEST -> decompress(name, true);
                case LIST -> listing.add(list(name));
            }
        } catch (IOException | RuntimeException e) {
            String msg = Main.describe(e);
            if (msg.startsWith(name + ": ")) {
                msg = msg.substring(name.length() + 2); // the file is named once
            }
            io.err().println("ebpc: " + (name.equals("-") ? "stdin" : name) + ": " + msg);
            failures++;
        }
    }

    /**
     * A collection of files (a folder of dumped tensors) with -T > 1: a file of at most one
     * chunk cannot use the chunk threads, so such files run side by side, T at a time, each on
     * one thread; a larger file runs alone with all T. Messages come out in input order, as
     * the sequential run prints them; memory stays within T files of one chunk, 2T pending.
     */
    private void runFilesInParallel(List<String> inputs) {
        Settings single = s.withThreads(1);
        try (Pipeline<SideRun> pipe = new Pipeline<>(s.threads())) {
            for (String name : inputs) {
                long size;
                try {
                    size = Files.isRegularFile(Path.of(name)) ? Files.size(Path.of(name)) : Long.MAX_VALUE;
                } catch (IOException e) {
                    size = Long.MAX_VALUE; // the file's own run names the problem
                }
                if (size > s.codec().chunkWords()) { // more than one chunk even of 1-byte words
                    printPending(pipe);
                    one(name, null);
                    continue;
                }
                ByteArrayOutputStream messages = new ByteArrayOutputStream();
                FileJobs job = new FileJobs(
                        single,
                        new Main.Io(
                                io.in(),
                                io.out(),
                                new PrintStream(messages, true, io.err().charset())));
                printSideRun(pipe.submit(() -> {
                    job.one(name, null); // catches what the file throws
                    return new SideRun(messages, job.failures);
                }));
            }
            printPending(pipe);
        } catch (IOException e) {
            throw new CliException(e.getMessage(), 1); // only "interrupted": one() catches the rest
        }
    }

    /** What a file run side by side said, and whether it failed. */
    private record SideRun(ByteArrayOutputStream messages, int failures) {}

    /** Waits for every file still running side by side, printing each in input order. */
    private void printPending(Pipeline<SideRun> pipe) throws IOException {
        for (SideRun done = pipe.drain(); done != null; done = pipe.drain()) {
            printSideRun(done);
        }
    }

    /** Prints what a file run side by side said and counts its failure (null: nothing finished yet). */
    private void printSideRun(SideRun done) {
        if (done != null) {
            io.err().print(done.messages().toString(StandardCharsets.UTF_8));
            io.err().flush();
            failures += done.failures();
        }
    }

    /** Files as given, folders expanded with -r (a bad folder is reported and counted as a failure). */
    private List<String> expand(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            Path p = Path.of(name);
            if (name.equals("-") || !Files.isDirectory(p)) {
                out.add(name);
                continue;
            }
            if (!s.recursive()) {
                io.err().println("ebpc: " + name + ": is a folder (use -r)");
                failures++;
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(Files::isRegularFile)
                        .sorted()
                        .filter(f -> (s.mode() == Mode.COMPRESS) != f.toString().endsWith(SUFFIX))
                        .filter(f -> !f.getFileName().toString().startsWith("."))
                        .forEach(f -> out.add(f.toString()));
            } catch (IOException e) {
                io.err().println("ebpc: " + name + ": " + Main.describe(e));
                failures++;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------ compress

    private void compress(String name) throws IOException {
        boolean stdin = name.equals("-");
        Path target = s.toStdout() || stdin && s.output() == null
                ? null
                : s.output() != null ? s.output() : Path.of(name + SUFFIX);
        if (!stdin && name.endsWith(SUFFIX) && !s.force()) {
            throw new CliException("already has the " + SUFFIX + " suffix (use -f to compress it again)");
        }
        long size = stdin ? -1 : Files.size(Path.of(name));
        if (target != null) {
            AtomicOutput.checkWritable(target, s.force());
        }
        EbpcFiles.Options options = s.codec();
        try (InputStream in = stdin ? io.in() : openFile(Path.of(name));
                Progress progress = Progress.forFile(name, size, s.progress() && s.verbosity() >= 0)) {
            // stdin is never an archive: its name is "-"
            EbpcFiles.Result r = write(target, name, out -> EbpcFiles.compress(in, size, name, out, options, progress));
            if (!Double.isNaN(r.quantizationScale()) && s.verbosity() >= 0) {
                io.err()
                        .printf(
                                "ebpc: %s: quantized to %s (lossy), scale %.6g%n",
                                name, s.codec().quantizeTo(), r.quantizationScale());
            }
            report(name, target, r, size);
        }
        if (s.removeSource() && !stdin) {
            removeAfterVerifying(name, target);
        }
    }

    /** What writes one output stream. */
    private interface Writing<R> {
        R to(OutputStream out) throws IOException;
    }

    /**
     * Runs {@code writing} into stdout (target null) or into {@code target}, which appears only
     * complete, with the permissions of {@code source}.
     */
    private <R> R write(Path target, String source, Writing<R> writing) throws IOException {
        if (target == null) {
            OutputStream out = stdout();
            R r = writing.to(out);
            out.flush();
            return r;
        }
        try (AtomicOutput out = AtomicOutput.open(target, s.force())) {
            for (Path dead : AtomicOutput.drainRemoved()) {
                if (s.verbosity() > 0) {
                    io.err().println("ebpc: removed " + dead + ", left by a run that was killed");
                }
            }
            BufferedOutputStream buf = new BufferedOutputStream(out.stream(), 1 << 16); // streams bypass it
            R r = writing.to(buf);
            buf.flush();
            out.commit(permissionsOf(source));
            return r;
        }
    }

    /**
     * Opens a file to read. A FileInputStream reads into the array directly; the stream of
     * Files.newInputStream goes through a temporary buffer and costs twice as much (0.57 s
     * against 0.29 s for 1 GB here). Failures keep the java.nio exceptions' clear names.
     */
    static InputStream openFile(Path path) throws IOException {
        try {
            return new java.io.FileInputStream(path.toFile());
        } catch (java.io.FileNotFoundException e) {
            if (!Files.exists(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            if (Files.isDirectory(path)) {
                throw new IOException(path + ": is a folder (use -r)");
            }
            throw new java.nio.file.AccessDeniedException(path.toString());
        }
    }

    /** --rm: the new container must decode with every checksum right before its source goes. */
    private void removeAfterVerifying(String name, Path target) throws IOException {
        if (target == null) {
            return; // written to stdout: nothing to verify, the source stays
        }
        try (InputStream check =
                new BufferedInputStream(openFile(target), org.ebpc.io.Memory.readBuffer(Files.size(target)))) {
            EbpcFiles.test(check, s.codec());
        }
        Files.delete(Path.of(name));
    }

    // ---------------------------------------------------------------------------- decompress

    private void decompress(String name, boolean testOnly) throws IOException {
        if (s.asFolder() && !testOnly) {
            decompressToFolder(name);
            return;
        }
        boolean stdin = name.equals("-");
        long size = stdin ? -1 : Files.size(Path.of(name));
        Path target = null;
        if (!testOnly && !s.toStdout() && !(stdin && s.output() == null)) {
            if (s.output() != null) {
                target = s.output();
            } else if (name.endsWith(SUFFIX)) {
                target = Path.of(name.substring(0, name.length() - SUFFIX.length()));
            } else {
                throw new CliException("unknown suffix (expected " + SUFFIX + "; use -o or -c)");
            }
            AtomicOutput.checkWritable(target, s.force());
        }
        EbpcFiles.Options options = s.codec();
        try (InputStream raw = stdin ? io.in() : openFile(Path.of(name));
                InputStream in = new BufferedInputStream(raw, org.ebpc.io.Memory.readBuffer(size));
                Progress progress = Progress.forFile(name, size, s.progress() && s.verbosity() >= 0)) {
            if (testOnly) {
                EbpcFiles.Result r = EbpcFiles.decompress(in, null, options, progress);
                if (s.verbosity() > 0) {
                    io.err().printf("%s: OK, %,d words in %s%n", name, r.words(), chunks(r.chunks()));
                }
                return;
            }
            EbpcFiles.Result r = write(target, name, out -> EbpcFiles.decompress(in, out, options, progress));
            if (target != null && s.verbosity() > 0) {
                io.err().printf("%s: %,d words -> %s%n", name, r.words(), target);
            }
        }
        if (s.removeSource() && !stdin && target != null) {
            Files.delete(Path.of(name)); // the output's chunk checksums were all verified
        }
    }

    /**
     * An .npz container unpacked as a folder of .npy files (--as-folder): X.npz.ebpc -> X/, one
     * file per array entry; the folder appears complete or not at all.
     */
    private void decompressToFolder(String name) throws IOException {
        if (name.equals("-") || !name.endsWith(".npz" + SUFFIX)) {
            throw new CliException("--as-folder takes .npz.ebpc files");
        }
        Path folder = s.output() != null
                ? s.output()
                : Path.of(name.substring(0, name.length() - (".npz" + SUFFIX).length()));
        if (Files.exists(folder)) {
            throw new CliException(folder + " already exists");
        }
        java.io.ByteArrayOutputStream npz = new java.io.ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(name)), 1 << 20)) {
            EbpcFiles.decompress(in, npz, s.codec(), n -> {});
        }
        org.ebpc.io.ZipFolders.extract(npz.toByteArray(), folder);
        if (s.verbosity() > 0) {
            io.err().printf("%s -> %s/%n", name, folder);
        }
    }

    // ---------------------------------------------------------------------------------- list

    private Listing.Row list(String name) throws IOException {
        boolean stdin = name.equals("-");
        try (org.ebpc.format.CountingInput raw =
                        new org.ebpc.format.CountingInput(stdin ? io.in() : openFile(Path.of(name)));
                InputStream in = new BufferedInputStream(raw, 1 << 20)) {
            ContainerCodec.Result r = new ContainerCodec(s.kernel(), 1).list(in);
            long size = stdin ? raw.count() - in.available() : Files.size(Path.of(name));
            Container.Header h = r.header();
            Npy.Header npy = h.npy();
            long original = h.quantization() == null
                    ? r.originalBytes()
                    : r.words() * h.quantization().original().bytes + h.prefix().length;
            boolean archive = h.kind() == Container.Kind.ARCHIVE;
            return new Listing.Row(
                    stdin ? "stdin" : name,
                    archive ? "archive" : h.kind() == Container.Kind.NPY ? "npy" : "raw",
                    h.nhwc() ? "NHWC->NCHW" : "as is",
                    archive
                            ? "mixed"
                            : h.quantization() == null
                                    ? (npy != null ? npy.label() : h.dtype().label)
                                    : h.quantization().original().label + "->" + h.dtype().label + " (lossy)",
                    npy == null ? "-" : npy.shapeString(),
                    r.words(),
                    r.zeros(),
                    size,
                    original,
                    r.chunks(),
                    archive
                            ? "N=" + h.params().blockSize() + " Z=" + h.params().maxZeroRun()
                            : h.params().toString());
        }
    }

    // --------------------------------------------------------------------------------- utils

    /** The source's permissions, given to its output as zstd does; rw-r--r-- for stdin. */
    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissionsOf(String name) {
        try {
            if (!name.equals("-")) {
                return Files.getPosixFilePermissions(Path.of(name));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // fall through to the usual default
        }
        return java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
    }

    private OutputStream stdout() {
        if ("1".equals(System.getenv("EBPC_STDOUT_TTY")) && !s.force()) {
            throw new CliException("refusing to write binary data to a terminal (redirect it, or use -f)");
        }
        return new BufferedOutputStream(new CheckedStdout(io.out()), 1 << 20);
    }

    /** With -v, a summary line for a file compressed to {@code target} (nothing for stdout). */
    private void report(String name, Path target, EbpcFiles.Result r, long inBytes) throws IOException {
        if (s.verbosity() > 0 && target != null) {
            long outBytes = r.bytesOut();
            String raw = r.rawWords() == 0
                    ? ""
                    : r.rawWords() == r.words()
                            ? ", stored raw (EBPC would grow it)"
                            : String.format(", %,d of them stored raw (EBPC would grow them)", r.rawWords());
            io.err()
                    .printf(
                            "%s : %,d -> %,d bytes (%.3f), %,d words in %s -> %s%s%n",
                            name,
                            inBytes,
                            outBytes,
                            (double) inBytes / outBytes,
                            r.words(),
                            chunks(r.chunks()),
                            target,
                            raw);
        }
    }

    /** "1 chunk", "3 chunks". */
    private static String chunks(int n) {
        return n + (n == 1 ? " chunk" : " chunks");
    }
}
