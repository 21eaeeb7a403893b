package org.ebpc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Results in submission order whatever order the threads finish in; failures as they were thrown; close stops the rest. */
class PipelineTest {

    @Test
    void resultsComeInSubmissionOrder() throws IOException {
        List<Integer> got = new ArrayList<>();
        try (Pipeline<Integer> pipe = new Pipeline<>(2)) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                Integer done = pipe.submit(() -> {
                    Thread.sleep(n % 3); // later tasks often finish first
                    return n;
                });
                if (done != null) {
                    got.add(done);
                }
            }
            assertEquals(17, got.size(), "a full window of 2T = 4 hands the oldest back");
            for (Integer done = pipe.drain(); done != null; done = pipe.drain()) {
                got.add(done);
            }
            assertTrue(pipe.idle());
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void aTasksFailureComesBackAsItWasThrown() {
        IOException io = new IOException("disk");
        IllegalStateException runtime = new IllegalStateException("state");
        AssertionError error = new AssertionError("error");
        try (Pipeline<Integer> pipe = new Pipeline<>(1)) {
            pipe.submit(() -> {
                throw io;
            });
            assertSame(io, assertThrows(IOException.class, pipe::drain));
            pipe.submit(() -> {
                throw runtime;
            });
            assertSame(runtime, assertThrows(IllegalStateException.class, pipe::drain));
            pipe.submit(() -> {
                throw error;
            });
            assertSame(error, assertThrows(AssertionError.class, pipe::drain));
            Exception checked = new Exception("checked");
            pipe.submit(() -> {
                throw checked;
            });
            assertSame(checked, assertThrows(IOException.class, pipe::drain).getCause(), "wrapped");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void closeInterruptsWhatIsStillRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Pipeline<Integer> pipe = new Pipeline<>(1);
        pipe.submit(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // never counted down
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return 0;
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        pipe.close();
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the running task was interrupted");
    }

    @Test
    void workersAreDaemonsAndAnInterruptedCallerStopsWaiting() throws Exception {
        try (Pipeline<Boolean> pipe = new Pipeline<>(1)) {
            pipe.submit(() -> Thread.currentThread().isDaemon());
            assertTrue(pipe.drain(), "a worker never keeps the JVM alive");
            CountDownLatch never = new CountDownLatch(1);
            pipe.submit(() -> never.await(30, TimeUnit.SECONDS));
            Thread.currentThread().interrupt();
            assertEquals(
                    "interrupted", assertThrows(IOException.class, pipe::drain).getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
    }
}
