package org.ebpc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs on HDFS (a MiniDFSCluster): inputs and outputs through the Hadoop FileSystem, the same bytes as on a local disk. */
class HdfsTest {

    @TempDir
    static Path dir;

    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String root;

    @BeforeAll
    static void start() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        root = fs.getUri() + "/corpus";
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    /** Every file under an HDFS folder, by path under it, with its bytes. */
    private static List<String> list(String folder) throws IOException {
        List<String> out = new ArrayList<>();
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(folder);
        String prefix = base.toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
        while (it.hasNext()) {
            out.add(it.next().getPath().toUri().getPath().substring(prefix.length()));
        }
        out.sort(null);
        return out;
    }

    private static byte[] read(String path) throws IOException {
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return in.readAllBytes();
        }
    }

    @Test
    void compressDecompressAndTestOnHdfs() throws IOException {
        Path local = Corpora.make(dir.resolve("local"), 4);
        fs.copyFromLocalFile(
                false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(root + "/in"));
        Corpora.Run c = Corpora.spark(
                "--master",
                "local[2]",
                "compress",
                "--split-bytes",
                "64k",
                "--chunk-words",
                "20000",
                root + "/in",
                root + "/out");
        assertEquals(0, c.code(), c.err());
        Path cli = Corpora.compressedByCli(local, dir.resolve("cli"), "--chunk-words", "20000");
        List<String> expected = Corpora.files(cli);
        assertEquals(expected, list(root + "/out"), "the outputs and nothing else (no .crc, temporaries or parts)");
        for (String f : expected) {
            assertArrayEquals(Files.readAllBytes(cli.resolve(f)), read(root + "/out/" + f), f);
        }

        Corpora.Run d = Corpora.spark("--master", "local[2]", "decompress", root + "/out", root + "/back");
        assertEquals(0, d.code(), d.err());
        for (String f : Corpora.files(local)) {
            assertArrayEquals(Files.readAllBytes(local.resolve(f)), read(root + "/back/" + f), f);
        }
        Corpora.Run t = Corpora.spark("--master", "local[2]", "test", root + "/out");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains(expected.size() + " files (0 skipped, 0 failed)"), t.out());

        Corpora.Run a =
                Corpora.spark("--master", "local[2]", "analyze", "--no-general", root + "/in", root + "/analysis");
        assertEquals(0, a.code(), a.err());
        List<String> rows = new String(read(root + "/analysis/tensors.csv"), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        List<String> cliRows = Corpora.ebpc("analyze", "--csv", "--no-general", local.toString())
                .out()
                .lines()
                .filter(l -> !l.startsWith("TOTAL,"))
                .toList();
        assertEquals(
                cliRows.size(), rows.size(), "one row a tensor, under one header, as the command line prints them");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(cliRows.contains(rows.get(i).substring(rows.get(i).indexOf(',') + 1)), rows.get(i));
        }
        assertTrue(list(root + "/analysis").contains("layers.csv"));

        Corpora.Run again = Corpora.spark(
                "--master", "local[2]", "compress", "--chunk-words", "20000", root + "/in", root + "/out");
        assertEquals(0, again.code(), again.err());
        assertTrue(
                again.out().contains(expected.size() + " files (" + expected.size() + " skipped, 0 failed)"),
                again.out());
    }
}
