package org.ebpc.format;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs tasks on T threads and hands their results back in submission order, keeping at most
 * 2T in flight. Even with T = 1 the task runs on a worker: the caller's own work between
 * submissions (reading the next chunk, writing the last result) then overlaps it. The threads
 * start with the first task: a file of one chunk, coded by the caller, starts none.
 */
public final class Pipeline<T> implements AutoCloseable {
    private final int threads;
    private ExecutorService pool;
    private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
    private final int window;

    public Pipeline(int threads) {
        this.threads = Math.max(1, threads);
        window = 2 * this.threads;
    }

    /** Whether no task is in flight: a result computed by the caller now comes next in order. */
    public boolean idle() {
        return pending.isEmpty();
    }

    /** Submits a task; returns the oldest result if the window is full, else null. */
    public T submit(Callable<T> task) throws IOException {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "ebpc-worker");
                t.setDaemon(true);
                return t;
            });
        }
        pending.add(pool.submit(task));
        return pending.size() >= window ? await(pending.poll()) : null;
    }

    /** The next result in order, or null when none is left. */
    public T drain() throws IOException {
        return pending.isEmpty() ? null : await(pending.poll());
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    @Override
    public void close() {
        if (pool != null) { // interrupts the running tasks; the queued ones never start
            pool.shutdownNow();
        }
    }
}
