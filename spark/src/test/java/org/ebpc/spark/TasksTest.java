package org.ebpc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packing of files into tasks. */
class TasksTest {

    @Test
    void everyItemLandsInExactlyOneBinAndTheBinsAreBalanced() {
        Random r = new Random(7);
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            sizes.add((long) r.nextInt(4 << 20));
        }
        List<List<Long>> bins = Tasks.bins(sizes, s -> s, 2);
        long total = sizes.stream().mapToLong(s -> s + Tasks.PER_ITEM_BYTES).sum();
        assertEquals(Math.max(8, (total + Tasks.BIN_BYTES - 1) / Tasks.BIN_BYTES), bins.size());
        List<Long> all = new ArrayList<>();
        bins.forEach(all::addAll);
        all.sort(null);
        List<Long> want = new ArrayList<>(sizes);
        want.sort(null);
        assertEquals(want, all);
        long max = bins.stream()
                .mapToLong(
                        b -> b.stream().mapToLong(s -> s + Tasks.PER_ITEM_BYTES).sum())
                .max()
                .orElseThrow();
        long min = bins.stream()
                .mapToLong(
                        b -> b.stream().mapToLong(s -> s + Tasks.PER_ITEM_BYTES).sum())
                .min()
                .orElseThrow();
        assertTrue(max - min <= (4 << 20) + Tasks.PER_ITEM_BYTES, "within one item of each other: " + min + ".." + max);
    }

    @Test
    void fewItemsGetABinEach() {
        assertEquals(List.of(List.of(9L), List.of(5L), List.of(1L)), Tasks.bins(List.of(1L, 9L, 5L), s -> s, 8));
    }
}
