package org.ebpc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ebpc.cli.AnalyzeCommand.Row;

/**
 * What {@code ebpc analyze} prints: the table, the CSV and the JSON of its rows and totals,
 * each with the ideal hardware's figures (K words a cycle at the clock, the bytes it moves).
 */
final class AnalyzeOutput {

    private final List<String> schemes;
    private final double wordsPerCycle;
    private final String clock;
    private final String groupBy;

    AnalyzeOutput(List<String> schemes, double wordsPerCycle, String clock, String groupBy) {
        this.schemes = schemes;
        this.wordsPerCycle = wordsPerCycle;
        this.clock = clock;
        this.groupBy = groupBy;
    }

    private List<String> schemes() {
        return schemes;
    }

    /** Totals per parameter set, layout and format, in first-seen order. */
    static Map<String, Row> totals(List<Row> rows) {
        Map<String, Row> t = new LinkedHashMap<>();
        for (Row r : rows) {
            t.merge(r.params() + " " + r.layout() + " " + r.format(), r, (a, b) -> {
                Map<String, Long> bits = new LinkedHashMap<>(a.bits());
                b.bits().forEach((key, v) -> bits.merge(key, v, Long::sum));
                return new Row(
                        "TOTAL",
                        a.folder().equals(b.folder()) ? a.folder() : "mixed",
                        a.format(),
                        a.layout(),
                        a.params(),
                        a.words() + b.words(),
                        a.zeros() + b.zeros(),
                        a.znzBits() + b.znzBits(),
                        a.bpcBits() + b.bpcBits(),
                        bits,
                        a.hw().plus(b.hw()));
            });
        }
        t.replaceAll((p, r) -> r.named("TOTAL"));
        return t;
    }

    /** An ideal hardware's figures for a row: K words a cycle at the clock, the bytes it moves. */
    private record Ideal(
            double cycles, double seconds, double bytesRaw, double bytesCompressed, double bandwidthSaved) {
        double[] all() {
            return new double[] {cycles, seconds, bytesRaw, bytesCompressed, bandwidthSaved};
        }
    }

    private Ideal hardware(Row r, double hz) {
        double cycles = Math.ceil(r.words() / wordsPerCycle);
        double rawBytes = r.words() * r.params().bytesPerWord();
        double packed = r.bits().get("EBPC") / 8.0;
        return new Ideal(cycles, cycles / hz, rawBytes, packed, rawBytes == 0 ? 0 : 1 - packed / rawBytes);
    }

    void printTable(PrintStream out, List<Row> rows, double hz) {
        List<String> schemes = schemes();
        StringBuilder h = new StringBuilder(String.format(
                "%-40s %-8s %6s %5s %4s %12s %7s %12s %12s",
                "tensor", "format", "layout", "N", "Z", "words", "zeros", "znz_bits", "bpc_bits"));
        for (String s : schemes) {
            h.append(String.format(" %9s", s));
        }
        h.append(String.format(" %8s %8s", "hw_enc", "hw_dec"));
        out.println(h);
        List<Row> all = new ArrayList<>(rows);
        all.addAll(totals(rows).values());
        for (Row r : all) {
            StringBuilder b = new StringBuilder(String.format(
                    "%-40s %-8s %6s %5d %4d %,12d %6.1f%% %,12d %,12d",
                    shorten(r.name()),
                    r.format(),
                    r.layout(),
                    r.params().blockSize(),
                    r.params().maxZeroRun(),
                    r.words(),
                    pct(r),
                    r.znzBits(),
                    r.bpcBits()));
            for (String s : schemes) {
                b.append(String.format(" %8.3fx", r.ratio(s)));
            }
            b.append(String.format(
                    Locale.ROOT,
                    " %8s %8s",
                    HardwareLines.perWord(
                            r.hw().encoder().counted(), r.hw().encoder().cycles(), r.words()),
                    HardwareLines.perWord(
                            r.hw().decoder().counted(), r.hw().decoder().cycles(), r.words())));
            out.println(b);
        }
        for (Row t : totals(rows).values()) {
            Ideal hw = hardware(t, hz);
            out.printf(
                    Locale.ROOT,
                    "ideal hardware (%s, %s, %s, %s, %.3g words/cycle): %,.0f cycles = %.3f ms to encode (the same to decode); "
                            + "%,.0f bytes -> %,.0f bytes moved, %.1f%% of the bandwidth saved%n",
                    t.params(),
                    t.format(),
                    t.layout(),
                    clock,
                    wordsPerCycle,
                    hw.cycles(),
                    hw.seconds() * 1e3,
                    hw.bytesRaw(),
                    hw.bytesCompressed(),
                    100 * hw.bandwidthSaved());
            out.println(HardwareLines.summary(t, clock, hz));
        }
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : "..." + s.substring(s.length() - 37);
    }

    static double pct(Row r) {
        return r.words() == 0 ? 0 : 100.0 * r.zeros() / r.words();
    }

    void printCsv(PrintStream out, List<Row> rows, double hz) {
        List<String> schemes = schemes();
        StringBuilder h = new StringBuilder(
                "name,format,layout,word_width,block_size,max_zero_run,words,sparsity,znz_bits,bpc_bits,ratio");
        for (String s : schemes) {
            h.append(",bits_").append(key(s));
        }
        h.append(",ideal_cycles,ideal_seconds,bytes_raw,bytes_compressed,bandwidth_saved")
                .append(HardwareLines.CSV_HEADER);
        out.println(h);
        List<Row> all = new ArrayList<>(rows);
        all.addAll(totals(rows).values());
        for (Row r : all) {
            StringBuilder b = new StringBuilder();
            b.append(csvField(r.name()))
                    .append(',')
                    .append(r.format())
                    .append(',')
                    .append(r.layout())
                    .append(',')
                    .append(r.params().wordWidth())
                    .append(',')
                    .append(r.params().blockSize())
                    .append(',')
                    .append(r.params().maxZeroRun())
                    .append(',')
                    .append(r.words())
                    .append(',')
                    .append(num(r.words() == 0 ? 0 : (double) r.zeros() / r.words()))
                    .append(',')
                    .append(r.znzBits())
                    .append(',')
                    .append(r.bpcBits())
                    .append(',')
                    .append(num(r.ratio("EBPC")));
            for (String s : schemes) {
                b.append(',').append(r.bits().get(s));
            }
            for (double v : hardware(r, hz).all()) { // the CSV's column order
                b.append(',').append(num(v));
            }
            b.append(HardwareLines.csv(r, hz));
            out.println(b);
        }
    }

    void printJson(PrintStream out, List<Row> rows, List<AnalyzeGroups.Group> groups, double hz) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"clock_hz\": ")
                .append(num(hz))
                .append(",\n  \"words_per_cycle\": ")
                .append(num(wordsPerCycle))
                .append(",\n");
        b.append("  \"tensors\": [");
        for (int i = 0; i < rows.size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(jsonRow(rows.get(i), hz, "    "));
        }
        b.append("\n  ],\n  \"totals\": [");
        List<Row> totals = new ArrayList<>(totals(rows).values());
        for (int i = 0; i < totals.size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(jsonRow(totals.get(i), hz, "    "));
        }
        b.append("\n  ],\n  \"total\": ");
        b.append(totals.isEmpty() ? "null" : jsonRow(totals.get(0), hz, "  ").strip());
        if (groupBy != null) {
            b.append(",\n  \"group_by\": ")
                    .append(jsonString(groupBy.strip().toLowerCase(Locale.ROOT)))
                    .append(",\n  \"groups\": ")
                    .append(AnalyzeGroups.json(groups, r -> jsonRow(r, hz, "")));
        }
        b.append("\n}");
        out.println(b);
    }

    private String jsonRow(Row r, double hz, String indent) {
        Ideal hw = hardware(r, hz);
        StringBuilder b = new StringBuilder(indent)
                .append("{\"name\": ")
                .append(jsonString(r.name()))
                .append(", \"format\": ")
                .append(jsonString(r.format()))
                .append(", \"layout\": ")
                .append(jsonString(r.layout()))
                .append(", \"word_width\": ")
                .append(r.params().wordWidth())
                .append(", \"block_size\": ")
                .append(r.params().blockSize())
                .append(", \"max_zero_run\": ")
                .append(r.params().maxZeroRun())
                .append(", \"words\": ")
                .append(r.words())
                .append(", \"sparsity\": ")
                .append(num(r.words() == 0 ? 0 : (double) r.zeros() / r.words()))
                .append(", \"znz_bits\": ")
                .append(r.znzBits())
                .append(", \"bpc_bits\": ")
                .append(r.bpcBits())
                .append(", \"ratio\": ")
                .append(num(r.ratio("EBPC")))
                .append(", \"bits\": {");
        List<String> schemes = schemes();
        for (int i = 0; i < schemes.size(); i++) {
            b.append(i == 0 ? "" : ", ")
                    .append(jsonString(key(schemes.get(i))))
                    .append(": ")
                    .append(r.bits().get(schemes.get(i)));
        }
        b.append("}, \"ratios\": {");
        for (int i = 0; i < schemes.size(); i++) {
            b.append(i == 0 ? "" : ", ")
                    .append(jsonString(key(schemes.get(i))))
                    .append(": ")
                    .append(num(r.ratio(schemes.get(i))));
        }
        b.append("}, \"ideal_cycles\": ")
                .append(num(hw.cycles()))
                .append(", \"ideal_seconds\": ")
                .append(num(hw.seconds()))
                .append(", \"cycles\": ")
                .append(num(hw.cycles()))
                .append(", \"seconds\": ")
                .append(num(hw.seconds()))
                .append(", \"bytes_raw\": ")
                .append(num(hw.bytesRaw()))
                .append(", \"bytes_compressed\": ")
                .append(num(hw.bytesCompressed()))
                .append(", \"bandwidth_saved\": ")
                .append(num(hw.bandwidthSaved()))
                .append(HardwareLines.json(r, hz))
                .append('}');
        return b.toString();
    }

    /** Scheme names as field names: "zstd -1" -> zstd_1. */
    static String key(String scheme) {
        return scheme.toLowerCase(Locale.ROOT).replace(" -", "_").replace(' ', '_');
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
