package org.ebpc.jmh;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ebpc.EbpcDecoder;
import org.ebpc.EbpcEncoder;
import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;
import org.ebpc.MalformedStreamException;
import org.ebpc.kernel.Kernel;
import org.ebpc.kernel.Kernels;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * EBPC encode and decode, scalar and vector kernels, W=8 and W=16 (N=8, Z=16), on real
 * MobileNetV2 activations. The {@code bytes} counter is input bytes per second; the ratio is
 * printed at setup. Each trial checks the round trip before it is timed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class CodecBenchmark {

    @Param({"vector", "scalar"})
    public String kernel;

    @Param({"8", "16"})
    public int width;

    private byte[] raw;
    private MemorySegment input;
    private EbpcEncoder encoder;
    private EbpcDecoder decoder;
    private EncodedStreams encoded;
    private byte[] output;

    /** Input bytes processed, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws MalformedStreamException {
        EbpcParams p = new EbpcParams(width, 8, 16);
        Kernel k = Kernels.lookup(kernel, false);
        raw = TraceData.load(width);
        input = MemorySegment.ofArray(raw);
        encoder = new EbpcEncoder(p, k);
        decoder = new EbpcDecoder(p, k);
        encoded = encoder.encode(input);
        output = new byte[raw.length];
        decoder.decode(encoded.znz(), encoded.bpc(), MemorySegment.ofArray(output));
        if (!Arrays.equals(raw, output)) {
            throw new IllegalStateException(kernel + " W=" + width + ": round trip is not exact");
        }
        System.out.printf(
                "%n[ebpc %s W=%d] %d bytes -> %d (ratio %.3f)%n",
                kernel, width, raw.length, encoded.znz().length + encoded.bpc().length, encoded.ratio());
    }

    @Benchmark
    public EncodedStreams encode(Bytes counter) {
        counter.bytes += raw.length;
        return encoder.encode(input);
    }

    @Benchmark
    public byte[] decode(Bytes counter) throws MalformedStreamException {
        counter.bytes += raw.length;
        decoder.decode(encoded.znz(), encoded.bpc(), MemorySegment.ofArray(output));
        return output;
    }
}
