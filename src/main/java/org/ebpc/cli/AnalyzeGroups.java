package org.ebpc.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ebpc analyze --group-by}: tensors grouped by layer (the paper's frame-to-frame variance:
 * one layer across images), by kind (activations and the gradient maps of the traces) or by
 * folder, under each parameter set, layout and format; per group the spread of the per-tensor
 * ratio and the group's total.
 */
final class AnalyzeGroups {

    /** What --group-by takes, and the key of a tensor under each. */
    enum By {
        LAYER(AnalyzeGroups::layer),
        KIND(AnalyzeGroups::kind),
        FOLDER(AnalyzeCommand.Row::folder);

        final Function<AnalyzeCommand.Row, String> key;

        By(Function<AnalyzeCommand.Row, String> key) {
            this.key = key;
        }

        static By parse(String s) {
            for (By b : values()) {
                if (b.name().equalsIgnoreCase(s.strip())) {
                    return b;
                }
            }
            throw new IllegalArgumentException("--group-by takes layer, kind or folder, not " + s);
        }
    }

    /** One group: its tensors' EBPC ratios (population statistics) and their sum as one row. */
    record Group(String key, List<AnalyzeCommand.Row> rows, AnalyzeCommand.Row total) {
        double mean() {
            return rows.stream().mapToDouble(r -> r.ratio("EBPC")).average().orElse(0);
        }

        double std() {
            double m = mean();
            return Math.sqrt(rows.stream()
                    .mapToDouble(r -> (r.ratio("EBPC") - m) * (r.ratio("EBPC") - m))
                    .average()
                    .orElse(0));
        }

        double min() {
            return rows.stream().mapToDouble(r -> r.ratio("EBPC")).min().orElse(0);
        }

        double max() {
            return rows.stream().mapToDouble(r -> r.ratio("EBPC")).max().orElse(0);
        }

        double sparsityMean() {
            return rows.stream()
                    .mapToDouble(r -> r.words() == 0 ? 0 : (double) r.zeros() / r.words())
                    .average()
                    .orElse(0);
        }
    }

    private AnalyzeGroups() {}

    /** The layer of a tensor: its file name without the folder; inside an archive, the entry name. */
    static String layer(AnalyzeCommand.Row r) {
        int slash = r.name().indexOf('/');
        return slash >= 0 ? r.name().substring(slash + 1) : r.name();
    }

    /**
     * Activation or gradient map, by the trace files' naming (../shared/traces, GRAD-MANIFEST.tsv):
     * {@code _gin} the gradient at a ReLU's input, {@code _gout} at a ReLU's output or, for an
     * {@code add} layer, at a residual sum.
     */
    static String kind(AnalyzeCommand.Row r) {
        String n = layer(r);
        if (n.contains("_gin")) {
            return "gradient, ReLU input";
        }
        if (n.contains("_gout")) {
            return n.contains("add") ? "gradient, residual sum" : "gradient, ReLU output";
        }
        return "activation";
    }

    /** Groups in first-seen order, each under one parameter set, layout and format. */
    static List<Group> of(List<AnalyzeCommand.Row> rows, By by) {
        Map<String, List<AnalyzeCommand.Row>> groups = new LinkedHashMap<>();
        for (AnalyzeCommand.Row r : rows) {
            groups.computeIfAbsent(
                            by.key.apply(r) + "\u0000" + r.params() + " " + r.layout() + " " + r.format(),
                            k -> new ArrayList<>())
                    .add(r);
        }
        List<Group> out = new ArrayList<>();
        for (List<AnalyzeCommand.Row> g : groups.values()) {
            String key = by.key.apply(g.get(0));
            AnalyzeCommand.Row t = AnalyzeOutput.totals(g).values().iterator().next();
            out.add(new Group(key, g, t.named(key)));
        }
        return out;
    }

    static void printTable(PrintStream out, List<Group> groups, List<String> schemes) {
        StringBuilder h = new StringBuilder(String.format(
                "%-40s %-8s %6s %3s %4s %7s %7s %9s %8s %7s %8s %8s",
                "group", "format", "layout", "N", "Z", "tensors", "zeros", "zeros_all", "mean", "std", "min", "max"));
        for (String s : schemes) {
            h.append(String.format(" %9s", s));
        }
        out.println();
        out.println(
                "EBPC ratio per tensor, by group (zeros: mean over the tensors, zeros_all: of all their words; ratio mean, population std, "
                        + "min, max), then each group's total ratio per scheme:");
        out.println(h);
        for (Group g : groups) {
            AnalyzeCommand.Row t = g.total();
            StringBuilder b = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-40s %-8s %6s %3d %4d %7d %6.1f%% %8.1f%% %7.3fx %7.3f %7.3fx %7.3fx",
                    AnalyzeOutput.shorten(g.key()),
                    t.format(),
                    t.layout(),
                    t.params().blockSize(),
                    t.params().maxZeroRun(),
                    g.rows().size(),
                    100 * g.sparsityMean(),
                    t.words() == 0 ? 0.0 : 100.0 * t.zeros() / t.words(),
                    g.mean(),
                    g.std(),
                    g.min(),
                    g.max()));
            for (String s : schemes) {
                b.append(String.format(Locale.ROOT, " %8.3fx", t.ratio(s)));
            }
            out.println(b);
        }
        if (groups.stream().anyMatch(g -> g.rows().size() > 1)) {
            Group widest = groups.stream()
                    .max((a, b) -> Double.compare(a.std(), b.std()))
                    .orElseThrow();
            double meanStd = groups.stream().mapToDouble(Group::std).average().orElse(0);
            double relative = groups.stream()
                    .mapToDouble(g -> g.mean() == 0 ? 0 : g.std() / g.mean())
                    .average()
                    .orElse(0);
            out.printf(
                    Locale.ROOT,
                    "spread: std of the ratio within a group %.3f on average (%.1f%% of the group's mean), %.3f at most (%s)%n",
                    meanStd,
                    100 * relative,
                    widest.std(),
                    widest.key());
        }
    }

    static final String CSV_HEADER =
            "group,format,layout,word_width,block_size,max_zero_run,tensors,ratio_mean,ratio_std,ratio_min,ratio_max,sparsity_mean,ratio_total";

    static void printCsv(PrintStream out, List<Group> groups, List<String> schemes) {
        StringBuilder h = new StringBuilder(CSV_HEADER);
        for (String s : schemes) {
            h.append(",ratio_").append(AnalyzeOutput.key(s));
        }
        out.println(h);
        for (Group g : groups) {
            AnalyzeCommand.Row t = g.total();
            StringBuilder b = new StringBuilder(AnalyzeOutput.csvField(g.key()))
                    .append(',')
                    .append(t.format())
                    .append(',')
                    .append(t.layout())
                    .append(',')
                    .append(t.params().wordWidth())
                    .append(',')
                    .append(t.params().blockSize())
                    .append(',')
                    .append(t.params().maxZeroRun())
                    .append(',')
                    .append(g.rows().size());
            for (double v : new double[] {g.mean(), g.std(), g.min(), g.max(), g.sparsityMean(), t.ratio("EBPC")}) {
                b.append(',').append(AnalyzeOutput.num(v));
            }
            for (String s : schemes) {
                b.append(',').append(AnalyzeOutput.num(t.ratio(s)));
            }
            out.println(b);
        }
    }

    /** The "groups" list of --json; {@code row} writes a group's total as the tensors are written. */
    static String json(List<Group> groups, Function<AnalyzeCommand.Row, String> row) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            AnalyzeCommand.Row t = g.total();
            b.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"layer\": ")
                    .append(AnalyzeOutput.jsonString(g.key()))
                    .append(", \"format\": ")
                    .append(AnalyzeOutput.jsonString(t.format()))
                    .append(", \"layout\": ")
                    .append(AnalyzeOutput.jsonString(t.layout()))
                    .append(", \"word_width\": ")
                    .append(t.params().wordWidth())
                    .append(", \"block_size\": ")
                    .append(t.params().blockSize())
                    .append(", \"max_zero_run\": ")
                    .append(t.params().maxZeroRun())
                    .append(", \"tensors\": ")
                    .append(g.rows().size())
                    .append(", \"ratio_mean\": ")
                    .append(AnalyzeOutput.num(g.mean()))
                    .append(", \"ratio_std\": ")
                    .append(AnalyzeOutput.num(g.std()))
                    .append(", \"ratio_min\": ")
                    .append(AnalyzeOutput.num(g.min()))
                    .append(", \"ratio_max\": ")
                    .append(AnalyzeOutput.num(g.max()))
                    .append(", \"sparsity_mean\": ")
                    .append(AnalyzeOutput.num(g.sparsityMean()))
                    .append(", \"total\": ")
                    .append(row.apply(t).strip())
                    .append('}');
        }
        return b.append(groups.isEmpty() ? "]" : "\n  ]").toString();
    }
}
