/**
 * EBPC, bit-exact with the EBPC hardware: the codec and the {@code .ebpc} container as streams
 * and files ({@code org.ebpc}), the container's parts and errors ({@code org.ebpc.format}),
 * the kernels and word arrays ({@code org.ebpc.kernel}), trace file readers
 * ({@code org.ebpc.io}) and the cycle-exact hardware model ({@code org.ebpc.hw}). The vector
 * kernel, bit packing, baselines, analysis and the command line are internal.
 *
 * <p>The Vector API is optional, as on the class path: with {@code --add-modules
 * jdk.incubator.vector} the vector kernel runs, without it the scalar one (the same bytes). The
 * command line's libraries are optional too; {@code .safetensors} headers need jackson-databind.
 */
@SuppressWarnings("requires-automatic") // lz4-java and snappy-java name themselves in their manifests only
module org.ebpc {
    requires static jdk.incubator.vector;
    requires static info.picocli;
    requires static me.tongfei.progressbar;
    requires static com.fasterxml.jackson.databind;
    requires static com.github.luben.zstd_jni;
    requires static org.lz4.java;
    requires static org.xerial.snappy;
    requires java.logging; // the command line shows the library's System.Logger warnings as one line

    exports org.ebpc;
    exports org.ebpc.format;
    exports org.ebpc.kernel;
    exports org.ebpc.io;
    exports org.ebpc.hw;

    opens org.ebpc.cli to
            info.picocli;
}
