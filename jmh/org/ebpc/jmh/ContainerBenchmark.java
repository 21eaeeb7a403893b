package org.ebpc.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ebpc.EbpcParams;
import org.ebpc.format.Container;
import org.ebpc.format.ContainerCodec;
import org.ebpc.io.Npy;
import org.ebpc.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The .ebpc container path in memory, what {@code ebpc FILE} and {@code ebpc -d} run with -T1
 * (reading ahead with CRC32C, slices of 2^14 words, raw slices, the ordered pipeline): raw
 * words of the bundled MobileNetV2 trace, W=8 (int8) and W=16 (float16 bits).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class ContainerBenchmark {

    @Param({"vector", "scalar"})
    public String kernel;

    @Param({"8", "16"})
    public int width;

    private byte[] raw;
    private byte[] container;
    private Container.Header header;
    private ContainerCodec codec;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        raw = TraceData.load(width);
        EbpcParams p = new EbpcParams(width, 8, 16);
        header = new Container.Header(
                p,
                Container.Kind.RAW,
                width == 8 ? Npy.Dtype.INT8 : Npy.Dtype.FLOAT16,
                Container.DEFAULT_CHUNK_WORDS,
                new byte[0]);
        codec = new ContainerCodec(Kernels.lookup(kernel, false), 1);
        container = compress();
        ByteArrayOutputStream back = new ByteArrayOutputStream(raw.length);
        codec.decompress(new ByteArrayInputStream(container), back, n -> {});
        if (!Arrays.equals(raw, back.toByteArray())) {
            throw new IllegalStateException(kernel + " W=" + width + ": container round trip is not exact");
        }
        System.out.printf(
                "%n[ebpc container %s W=%d] %d bytes -> %d (ratio %.3f)%n",
                kernel, width, raw.length, container.length, (double) raw.length / container.length);
    }

    private byte[] compress() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        codec.compress(new ByteArrayInputStream(raw), out, header, n -> {});
        return out.toByteArray();
    }

    @Benchmark
    public byte[] compress(CodecBenchmark.Bytes counter) throws IOException {
        counter.bytes += raw.length;
        return compress();
    }

    @Benchmark
    public long decompress(CodecBenchmark.Bytes counter) throws IOException {
        counter.bytes += raw.length;
        return codec.decompress(new ByteArrayInputStream(container), OutputStream.nullOutputStream(), n -> {})
                .words();
    }
}
