package org.ebpc.jmh;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ebpc.baseline.Baseline;
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
 * The peers on the same bytes as {@link CodecBenchmark}: zstd-jni levels 1 and 3, lz4-java
 * (fast) and java.util.zip deflate level 1. Same {@code bytes} counter; ratio printed at setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class PeerBenchmark {

    @Param({"zstd -1", "zstd -3", "lz4", "deflate -1", "bitshuffle+lz4"})
    public String codec;

    @Param({"8", "16"})
    public int width;

    private byte[] raw;
    private byte[] compressed;
    private Baseline baseline;

    @Setup(Level.Trial)
    public void setUp() {
        baseline = Baseline.standard(width / 8).stream()
                .filter(b -> b.name().equals(codec))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown codec " + codec));
        raw = TraceData.load(width);
        compressed = baseline.compress(raw);
        if (!Arrays.equals(raw, baseline.decompress(compressed, raw.length))) {
            throw new IllegalStateException(codec + ": round trip is not exact");
        }
        System.out.printf(
                "%n[%s W=%d] %d bytes -> %d (ratio %.3f)%n",
                codec, width, raw.length, compressed.length, (double) raw.length / compressed.length);
    }

    @Benchmark
    public byte[] encode(CodecBenchmark.Bytes counter) {
        counter.bytes += raw.length;
        return baseline.compress(raw);
    }

    @Benchmark
    public byte[] decode(CodecBenchmark.Bytes counter) {
        counter.bytes += raw.length;
        return baseline.decompress(compressed, raw.length);
    }
}
