package org.ebpc.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Items (files, chunk ranges) run on the executors packed into tasks: one task per item costs
 * Spark's per-task overhead, milliseconds, as much as coding a small trace file, so items go
 * into bins, largest first into the lightest bin, a few bins per core (or one per 256 MiB).
 */
final class Tasks {

    /** What a bin should weigh at most, in bytes; a file also weighs a fixed cost for opening and renaming. */
    static final long BIN_BYTES = 256L << 20;

    static final long PER_ITEM_BYTES = 256L << 10;

    private Tasks() {}

    static <T, R> List<R> map(JavaSparkContext sc, List<T> items, ToLongFunction<T> bytes, Function<T, R> f) {
        if (items.isEmpty()) {
            return List.of();
        }
        List<List<T>> bins = bins(items, bytes, sc.defaultParallelism());
        return sc.parallelize(bins, bins.size())
                .flatMap(bin -> {
                    List<R> out = new ArrayList<>(bin.size());
                    for (T item : bin) {
                        out.add(f.call(item));
                    }
                    return out.iterator();
                })
                .collect();
    }

    /** Longest-processing-time-first packing into min(items, max(4 x cores, total / BIN_BYTES)) bins. */
    static <T> List<List<T>> bins(List<T> items, ToLongFunction<T> bytes, int cores) {
        long total = 0;
        for (T t : items) {
            total += bytes.applyAsLong(t) + PER_ITEM_BYTES;
        }
        int n = (int) Math.min(items.size(), Math.max(4L * Math.max(1, cores), (total + BIN_BYTES - 1) / BIN_BYTES));
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(bytes).reversed());
        List<List<T>> out = new ArrayList<>();
        long[] weight = new long[n];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(
                Comparator.comparingLong((Integer b) -> weight[b]).thenComparing(b -> b));
        for (int b = 0; b < n; b++) {
            out.add(new ArrayList<>());
            lightest.add(b);
        }
        for (T t : sorted) {
            int b = lightest.poll();
            out.get(b).add(t);
            weight[b] += bytes.applyAsLong(t) + PER_ITEM_BYTES;
            lightest.add(b);
        }
        return out;
    }
}
