package org.ebpc.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ebpc.io.Npy;

/**
 * The benchmark input: real MobileNetV2 activations shipped in the test resources, every
 * tensor's data concatenated. W=8: the int8 tensors (the EBPC paper's quantization); W=16:
 * the float16 tensors' bit patterns.
 */
final class TraceData {

    private TraceData() {}

    static byte[] load(int width) {
        String suffix = width == 8 ? ".i8.npy" : ".f16.npy";
        try {
            Path dir = Path.of(
                    TraceData.class.getResource("/traces/mobilenetv2-astronaut").toURI());
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(suffix))
                        .sorted()
                        .toList();
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                Npy.Header h = Npy.parseHeader(bytes, bytes.length);
                all.write(bytes, h.dataOffset(), bytes.length - h.dataOffset());
            }
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
