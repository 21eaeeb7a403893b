package org.ebpc.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's Hadoop configuration carried to the executors (Configuration itself is not
 * serializable): every file system the job touches is opened with the same settings.
 */
final class HadoopConf implements Serializable {

    private final Map<String, String> entries = new HashMap<>();
    private transient Configuration conf;

    HadoopConf(Configuration from) {
        from.forEach(e -> entries.put(e.getKey(), e.getValue()));
    }

    Configuration get() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            entries.forEach(c::set);
            conf = c;
        }
        return conf;
    }

    /** The file system of a path, writing no .crc side files on a local disk (the container has its own checksums). */
    FileSystem fs(Path p) throws IOException {
        FileSystem fs = p.getFileSystem(get());
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return fs;
    }

    /** A path as given: with a scheme (hdfs://, s3a://, file://) as it is; a plain path is on the local disk. */
    static Path resolve(String given) {
        URI u = URI.create(given.replace(" ", "%20"));
        if (u.getScheme() != null && u.getScheme().length() > 1) { // not a Windows drive letter
            return new Path(given);
        }
        return new Path(
                java.nio.file.Path.of(given).toAbsolutePath().normalize().toUri());
    }
}
