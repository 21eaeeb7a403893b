package org.ebpc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The table of `ebpc -l`, zstd -l style: one row a container, and a total row for several. */
final class Listing {

    private Listing() {}

    /** One file of a listing: what it holds and its sizes in bytes. */
    record Row(
            String file,
            String kind,
            String layout,
            String dtype,
            String shape,
            long words,
            long zeros,
            long compressed,
            long original,
            int chunks,
            String params) {

        /** The sums of several files' rows. */
        static Row total(List<Row> rows) {
            return new Row(
                    rows.size() + " files",
                    "",
                    "",
                    "",
                    "",
                    rows.stream().mapToLong(Row::words).sum(),
                    rows.stream().mapToLong(Row::zeros).sum(),
                    rows.stream().mapToLong(Row::compressed).sum(),
                    rows.stream().mapToLong(Row::original).sum(),
                    rows.stream().mapToInt(Row::chunks).sum(),
                    "");
        }
    }

    /** The listing table, zstd -l style: sizes, ratio, and a total row for several files. */
    static void print(List<Row> rows, PrintStream out) {
        String[] head = {
            "file",
            "kind",
            "layout",
            "dtype",
            "shape",
            "words",
            "zeros",
            "compressed",
            "original",
            "ratio",
            "chunks",
            "params"
        };
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            cells.add(cells(r));
        }
        if (rows.size() > 1) {
            cells.add(cells(Row.total(rows)));
        }
        int[] width = new int[head.length];
        for (String[] r : cells) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = i == 0 || i == r.length - 1
                        ? String.format("%-" + width[i] + "s", r[i])
                        : String.format("%" + width[i] + "s", r[i]);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String[] cells(Row r) {
        return new String[] {
            r.file(),
            r.kind(),
            r.layout(),
            r.dtype(),
            r.shape(),
            String.format("%,d", r.words()),
            String.format("%.1f%%", r.words() == 0 ? 0.0 : 100.0 * r.zeros() / r.words()),
            String.format("%,d", r.compressed()),
            String.format("%,d", r.original()),
            r.compressed() <= 0 ? "-" : String.format("%.3f", (double) r.original() / r.compressed()),
            String.valueOf(r.chunks()),
            r.params()
        };
    }
}
