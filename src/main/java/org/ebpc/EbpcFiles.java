package org.ebpc;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.format.ContainerParts;
import org.ebpc.format.CountingInput;
import org.ebpc.format.CountingOutput;
import org.ebpc.format.Quantizer;
import org.ebpc.io.Memory;
import org.ebpc.io.Npy;
import org.ebpc.io.TensorFiles;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;

/**
 * What {@code ebpc FILE}, {@code ebpc -d} and {@code ebpc -t} do to one file, as library calls
 * on streams: the command line and the Spark module are thin layers over these. The file's name
 * says what it is ({@code .npy}, {@code .npz}, {@code .safetensors}, else raw words); the
 * output is byte for byte the command line's with the same options.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(npy); OutputStream out = Files.newOutputStream(target)) {
 *     EbpcFiles.Result r = EbpcFiles.compress(in, Files.size(npy), npy.toString(), out, EbpcFiles.Options.DEFAULT);
 * }
 * }</pre>
 */
public final class EbpcFiles {

    /**
     * How to code: {@code rawDtype} for files that are not .npy (null: int8; a .npy file keeps
     * its own dtype, and with a raw dtype given, only files named .npy are read as .npy), the
     * block size N, the max zero run Z, the words per chunk, the threads, {@code nhwc} (a 4-D
     * channels-last .npy array stored in NCHW order, given back as it was), {@code quantizeTo}
     * (null, or int8/int16: float words quantized, lossy) and the kernel (null: the system
     * property {@code ebpc.kernel}, else auto; or auto, scalar, vector: the output is the same).
     */
    public record Options(
            String rawDtype,
            int blockSize,
            int maxZeroRun,
            int chunkWords,
            int threads,
            boolean nhwc,
            String quantizeTo,
            String kernel)
            implements java.io.Serializable {
        /** What {@code ebpc FILE} does without options. */
        public static final Options DEFAULT =
                new Options(null, 8, 16, Container.DEFAULT_CHUNK_WORDS, 1, false, null, null);

        public Options {
            if (rawDtype != null) {
                Npy.Dtype.parse(rawDtype);
            }
            if (quantizeTo != null && Npy.Dtype.parse(quantizeTo).isFloat()) {
                throw new IllegalArgumentException("--quantize takes int8 or int16, not " + quantizeTo);
            }
            new EbpcParams(
                    32, blockSize, maxZeroRun); // N and Z valid for some W; checked against the dtype's W per file
            if (chunkWords < 1 || chunkWords > Container.MAX_CHUNK_WORDS) {
                throw new IllegalArgumentException(
                        "--chunk-words must be 1.." + Container.MAX_CHUNK_WORDS + ", not " + chunkWords);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            if (kernel != null) {
                Kernels.lookup(kernel, false);
            }
        }

        Kernel codecKernel() {
            return kernel == null ? Kernels.preferred() : Kernels.lookup(kernel, true);
        }

        public Options withRawDtype(String d) {
            return new Options(d, blockSize, maxZeroRun, chunkWords, threads, nhwc, quantizeTo, kernel);
        }

        public Options withParams(int n, int z) {
            return new Options(rawDtype, n, z, chunkWords, threads, nhwc, quantizeTo, kernel);
        }

        public Options withChunkWords(int words) {
            return new Options(rawDtype, blockSize, maxZeroRun, words, threads, nhwc, quantizeTo, kernel);
        }

        public Options withThreads(int t) {
            return new Options(rawDtype, blockSize, maxZeroRun, chunkWords, t, nhwc, quantizeTo, kernel);
        }

        public Options withNhwc(boolean channelsLast) {
            return new Options(rawDtype, blockSize, maxZeroRun, chunkWords, threads, channelsLast, quantizeTo, kernel);
        }

        public Options withKernel(String k) {
            return new Options(rawDtype, blockSize, maxZeroRun, chunkWords, threads, nhwc, quantizeTo, k);
        }

        public Options withQuantizeTo(String d) {
            return new Options(rawDtype, blockSize, maxZeroRun, chunkWords, threads, nhwc, d, kernel);
        }
    }

    /**
     * What one call did: the kind of file ({@code raw}, {@code npy}, {@code archive}), the words
     * coded, the chunks, the words stored raw (their EBPC streams would have been larger), the
     * quantization scale (NaN when not quantized), and the bytes read and written.
     */
    public record Result(
            String kind, long words, int chunks, long rawWords, double quantizationScale, long bytesIn, long bytesOut)
            implements java.io.Serializable {
        /** Original bytes over container bytes (compress) or the inverse (decompress); 1 when empty. */
        public double ratio() {
            return bytesOut == 0 ? 1 : (double) bytesIn / bytesOut;
        }
    }

    private EbpcFiles() {}

    /** {@link #compress(InputStream, long, String, OutputStream, Options, LongConsumer)} without progress. */
    public static Result compress(InputStream in, long size, String name, OutputStream out, Options o)
            throws IOException {
        return compress(in, size, name, out, o, n -> {});
    }

    /**
     * Compresses the file {@code name} read from {@code in} ({@code size} bytes, -1 when not
     * known) into a container on {@code out} (flushed, not closed). {@code progress} gets input
     * bytes as they are coded.
     *
     * @throws IllegalArgumentException for options the file does not take (NHWC of a 3-D array,
     *     quantizing integers)
     * @throws IOException for a file that is not what its name says, or a read or write failure
     */
    public static Result compress(
            InputStream in, long size, String name, OutputStream out, Options o, LongConsumer progress)
            throws IOException {
        CountingOutput counted = new CountingOutput(Objects.requireNonNull(out, "out"));
        Kernel kernel = o.codecKernel();
        ContainerCodec.Result r;
        double scale = Double.NaN;
        if (isArchive(name)) {
            r = compressArchive(in, size, name, counted, o, kernel, progress);
        } else {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            Container.Header h = header(buffered, size, name, o);
            InputStream words = buffered;
            if (o.quantizeTo() != null) {
                // Lossy, asked for: the whole float array is quantized in memory (at most 2 GiB).
                if (!h.dtype().isFloat()) {
                    throw new IllegalArgumentException(
                            "--quantize takes float input (float16, bfloat16, float32), not " + h.dtype().label);
                }
                Npy.Dtype to = Npy.Dtype.parse(o.quantizeTo());
                Quantizer.Quantized q = Quantizer.quantize(buffered.readNBytes(Integer.MAX_VALUE - 64), h.dtype(), to);
                scale = q.scale();
                h = new Container.Header(
                        params(to, o),
                        h.kind(),
                        to,
                        h.chunkWords(),
                        h.prefix(),
                        h.nhwc(),
                        new Container.Quantization(h.dtype(), scale),
                        h.sliceWords());
                words = new ByteArrayInputStream(q.words());
            }
            r = new ContainerCodec(kernel, o.threads()).compress(words, counted, h, progress);
        }
        long original = r.originalBytes() >= 0 ? r.originalBytes() : size >= 0 ? size : -1;
        return new Result(kind(r), r.words(), r.chunks(), r.rawWords(), scale, original, counted.count());
    }

    /**
     * For coding one large file in parts (on several machines): the plan from the file's start
     * ({@code head} positioned at byte 0; up to 1 MiB of it is read), or null when this file
     * and these options do not split (archives, --layout nhwc, --quantize, big-endian arrays):
     * code it whole. Parts of {@link ContainerParts.Plan#chunkBytes()} multiples, coded with
     * {@link ContainerParts#encode} and joined with {@link ContainerParts#join}, make the bytes
     * {@link #compress} writes.
     */
    public static ContainerParts.Plan plan(InputStream head, long size, String name, Options o) throws IOException {
        if (isArchive(name) || o.quantizeTo() != null || o.nhwc()) {
            return null;
        }
        return ContainerParts.plan(header(new BufferedInputStream(head, 1 << 16), size, name, o));
    }

    /** Whether a file of this name is coded as an archive of arrays (.npz, .safetensors). */
    public static boolean isArchive(String name) {
        return name.endsWith(".npz") || name.endsWith(".safetensors");
    }

    /** An .npz or .safetensors file: its arrays coded, the rest verbatim, rebuilt byte for byte on decompression. */
    private static ContainerCodec.Result compressArchive(
            InputStream in, long size, String name, OutputStream out, Options o, Kernel kernel, LongConsumer progress)
            throws IOException {
        if (size > Integer.MAX_VALUE - 64) {
            throw new IOException("archives over 2 GiB are not supported yet");
        }
        if (o.nhwc() || o.quantizeTo() != null) {
            throw new IllegalArgumentException("--layout nhwc and --quantize apply to .npy files, not archives");
        }
        if (size >= 0) {
            Memory.require(size, "coding this archive in memory (" + size + " bytes)");
        }
        byte[] file = in.readNBytes(Integer.MAX_VALUE - 64);
        List<TensorFiles.Region> regions = TensorFiles.codedRegions(file, name);
        Container.Header h = new Container.Header(
                new EbpcParams(32, o.blockSize(), o.maxZeroRun()),
                Container.Kind.ARCHIVE,
                Npy.Dtype.UINT32,
                o.chunkWords(),
                new byte[0]);
        return new ContainerCodec(kernel, o.threads()).compressArchive(file, regions, out, h, progress);
    }

    /** Reads a .npy header (kept verbatim) or takes the input as raw words of the raw dtype. */
    private static Container.Header header(BufferedInputStream in, long size, String name, Options o)
            throws IOException {
        in.mark(Container.MAX_PREFIX + 16);
        byte[] first = in.readNBytes(12);
        // With a raw dtype, an input not named .npy is raw words even when its first bytes look like
        // a .npy header (a .npy file keeps its own dtype, so -r --dtype suits a mixed folder).
        int headerLength = o.rawDtype() != null && !name.endsWith(".npy") ? -1 : Npy.headerLength(first);
        in.reset();
        if (headerLength < 0) {
            if (o.nhwc()) {
                throw new IllegalArgumentException("--layout nhwc needs a 4-D .npy array (raw input has no shape)");
            }
            Npy.Dtype d = o.rawDtype() != null ? Npy.Dtype.parse(o.rawDtype()) : Npy.Dtype.INT8;
            return new Container.Header(params(d, o), Container.Kind.RAW, d, o.chunkWords(), new byte[0]);
        }
        if (headerLength > Container.MAX_PREFIX) {
            throw new IOException(".npy header is larger than 1 MiB");
        }
        byte[] prefix = in.readNBytes(headerLength);
        Npy.Header npy = Npy.parseHeader(prefix, size);
        if (o.nhwc() && npy.shape().length != 4) {
            throw new IllegalArgumentException("--layout nhwc needs a 4-D array, this one is " + npy.shapeString());
        }
        if (o.nhwc() && !npy.plain()) {
            throw new IllegalArgumentException(
                    "--layout nhwc needs a C-order array of 1-, 2- or 4-byte numbers, not " + npy.label());
        }
        return new Container.Header(
                params(npy.dtype(), o), Container.Kind.NPY, npy.dtype(), o.chunkWords(), prefix, o.nhwc());
    }

    private static EbpcParams params(Npy.Dtype d, Options o) {
        return new EbpcParams(d.wordWidth(), o.blockSize(), o.maxZeroRun());
    }

    /**
     * Decompresses the containers read from {@code in} to their end (several one after the
     * other decode to their originals one after the other) onto {@code out} (flushed, not
     * closed), verifying every checksum; {@code out} null tests only.
     *
     * @throws IOException for a damaged or truncated container (a
     *     {@link org.ebpc.format.CorruptContainerException} naming the chunk), or a read or write failure
     */
    public static Result decompress(InputStream in, OutputStream out, Options o, LongConsumer progress)
            throws IOException {
        CountingInput counted = new CountingInput(Objects.requireNonNull(in, "in"));
        ContainerCodec.Result r = new ContainerCodec(o.codecKernel(), o.threads()).decompress(counted, out, progress);
        double scale = r.header().quantization() == null
                ? Double.NaN
                : r.header().quantization().scale();
        return new Result(kind(r), r.words(), r.chunks(), 0, scale, counted.count(), r.originalBytes());
    }

    /** "raw", "npy" or "archive". */
    private static String kind(ContainerCodec.Result r) {
        return r.header().kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Verifies every checksum of the containers read from {@code in}, writing nothing. */
    public static Result test(InputStream in, Options o) throws IOException {
        return decompress(in, null, o, n -> {});
    }

    /**
     * One line for a failure of these calls, as the command line prints it after "ebpc: FILE: ":
     * no stack trace, the corrupt container or stream named as such.
     */
    public static String describe(Throwable e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> n.getFile() + ": no such file";
            case java.nio.file.AccessDeniedException a -> a.getFile() + ": permission denied";
            case java.io.UncheckedIOException u -> describe(u.getCause()); // from a folder walk
            case java.nio.file.FileAlreadyExistsException f -> f.getMessage();
            case MalformedStreamException m -> "corrupt stream: " + m.getMessage();
            case org.ebpc.format.CorruptContainerException c -> "corrupt .ebpc file: " + c.getMessage();
            case java.io.EOFException eof when eof.getMessage() == null -> "the file ends early (truncated or damaged)";
            case IOException io -> io.getMessage() == null ? io.toString() : io.getMessage();
            case IllegalArgumentException ia -> ia.getMessage();
            case OutOfMemoryError oom -> "out of memory (give java more heap with JAVA_OPTS=-Xmx...)";
            default -> "internal error: " + e;
        };
    }
}
