package org.ebpc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSecondWriterWithoutForceDoesNotReplaceTheFirst() throws IOException {
        // Both start while the target does not exist; the one that commits second must fail
        // and leave the first one's file as it was.
        Path target = dir.resolve("same.ebpc");
        try (AtomicOutput a = AtomicOutput.open(target, false);
                AtomicOutput b = AtomicOutput.open(target, false)) {
            a.stream().write(new byte[] {1, 2, 3});
            b.stream().write(new byte[] {9, 9});
            a.commit();
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, b::commit);
            assertTrue(e.getMessage().contains("appeared while this run worked"), e.getMessage());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("same.ebpc"), files(), "no temporary file left");
    }

    @Test
    void withForceTheLastWriterWins() throws IOException {
        Path target = dir.resolve("f.ebpc");
        Files.write(target, new byte[] {7});
        try (AtomicOutput a = AtomicOutput.open(target, true)) {
            a.stream().write(new byte[] {4, 5});
            a.commit();
        }
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    }

    @Test
    void temporaryFilesOfDeadRunsAreRemovedByTheNextRunInTheirFolder() throws IOException {
        long dead = ProcessHandle.current().pid() + 4_000_000; // above any pid_max in use
        assertTrue(ProcessHandle.of(dead).isEmpty());
        Path leftOver = Files.write(dir.resolve(".big.raw.ebpc.ebpc-" + dead + "-0.tmp"), new byte[100]);
        Path alive = Files.write(
                dir.resolve(".other.ebpc.ebpc-" + ProcessHandle.current().pid() + "-7.tmp"), new byte[1]);
        Path unrelated = Files.write(dir.resolve(".notes.tmp"), new byte[1]);
        AtomicOutput.drainRemoved();
        try (AtomicOutput a = AtomicOutput.open(dir.resolve("x.ebpc"), false)) {
            a.commit();
        }
        assertFalse(Files.exists(leftOver), "a dead run's temporary file is removed");
        assertTrue(Files.exists(alive) && Files.exists(unrelated), "a live run's and other files are kept");
        assertEquals(List.of(leftOver), AtomicOutput.drainRemoved(), "and reported once, for -v");
    }

    @Test
    void aDeadRunsFileOfAnotherUserIsKept() throws IOException {
        Path other = Files.write(
                dir.resolve(".theirs.ebpc.ebpc-" + (ProcessHandle.current().pid() + 4_000_001) + "-0.tmp"),
                new byte[1]);
        java.nio.file.attribute.UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(other, nobody);
        } catch (IOException | UnsupportedOperationException notRoot) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a file to another user here: " + notRoot);
            return;
        }
        try (AtomicOutput a = AtomicOutput.open(dir.resolve("y.ebpc"), false)) {
            a.commit();
        }
        assertTrue(Files.exists(other), "only this user's temporary files are removed");
    }

    @Test
    void anExistingTargetIsRefusedAtOpenBeforeAnyWork() throws IOException {
        Path target = Files.write(dir.resolve("kept.ebpc"), new byte[] {1});
        FileAlreadyExistsException e =
                assertThrows(FileAlreadyExistsException.class, () -> AtomicOutput.open(target, false));
        assertTrue(e.getMessage().endsWith("already exists (use -f to overwrite)"), e.getMessage());
        assertEquals(List.of("kept.ebpc"), files(), "no temporary file made");
        assertThrows(IOException.class, () -> AtomicOutput.open(dir, true), "a folder is never a target");
    }

    @Test
    void commitAndCloseCloseTheTemporaryFile() throws IOException {
        AtomicOutput committed = AtomicOutput.open(dir.resolve("c.ebpc"), false);
        committed.stream().write(1);
        committed.commit();
        assertThrows(IOException.class, () -> committed.stream().write(2), "closed by the commit");
        committed.close();
        AtomicOutput dropped = AtomicOutput.open(dir.resolve("d.ebpc"), false);
        dropped.stream().write(1);
        dropped.close();
        assertThrows(IOException.class, () -> dropped.stream().write(2), "closed without a commit");
        assertEquals(List.of("c.ebpc"), files());
    }
}
