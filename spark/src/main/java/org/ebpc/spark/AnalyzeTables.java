package org.ebpc.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The analyze job's outputs: OUT/tensors.csv (a path column, then the command line's CSV
 * columns and values as it prints them), OUT/tensors/ (the same rows as Parquet, numbers typed)
 * and OUT/layers.csv (per layer name across all files: count, mean, population standard
 * deviation, min and max of the ratio, mean sparsity).
 */
final class AnalyzeTables {

    /** The columns a layer is grouped under: one parameter set, format and layout per group. */
    private static final List<String> LAYER_KEY =
            List.of("layer", "format", "layout", "word_width", "block_size", "max_zero_run");

    private AnalyzeTables() {}

    /** Writes the three outputs; returns the tensors' row count. */
    static long write(
            SparkSession spark, List<AnalyzeJob.Analyzed> files, String outRoot, HadoopConf conf, String jobId)
            throws IOException {
        String header = files.stream()
                .map(AnalyzeJob.Analyzed::header)
                .filter(h -> h != null)
                .findFirst()
                .orElse(null);
        if (header == null) {
            return 0;
        }
        List<String> columns = new ArrayList<>(List.of("path"));
        columns.addAll(AnalyzeJob.Csv.fields(header));
        List<List<String>> rows = new ArrayList<>();
        StringBuilder csv = new StringBuilder("path,").append(header).append('\n');
        for (AnalyzeJob.Analyzed f : files) {
            if (f.header() != null && !f.header().equals(header)) {
                throw new IOException(f.rel() + ": analyze printed other columns than the first file's");
            }
            for (String line : f.lines()) {
                List<String> fields = new ArrayList<>(AnalyzeJob.Csv.fields(line));
                String path = AnalyzeJob.path(f.rel(), fields.get(0));
                fields.add(0, path);
                rows.add(fields);
                csv.append(AnalyzeJob.Csv.field(path)).append(',').append(line).append('\n');
            }
        }
        Path root = new Path(outRoot);
        FileSystem fs = conf.fs(root);
        Outputs.write(fs, new Path(root, "tensors.csv"), jobId, 0, o -> text(o, csv));
        List<DataType> types = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            types.add(type(rows, c));
        }
        Dataset<Row> tensors = spark.createDataFrame(typedRows(rows, types), schema(columns, types));
        tensors.write().mode(SaveMode.Overwrite).parquet(new Path(root, "tensors").toString());
        Outputs.write(fs, new Path(root, "layers.csv"), jobId, 0, o -> text(o, layers(tensors)));
        return rows.size();
    }

    private static Void text(OutputStream o, CharSequence s) throws IOException {
        o.write(s.toString().getBytes(StandardCharsets.UTF_8));
        return null;
    }

    /** Per layer: the name without its folder (the entry inside an archive), as {@code ebpc analyze --group-by layer}. */
    static StringBuilder layers(Dataset<Row> tensors) {
        Dataset<Row> grouped = tensors.withColumn(
                        "layer",
                        expr("CASE WHEN instr(name, '/') > 0 THEN substring(name, instr(name, '/') + 1) ELSE name END"))
                .groupBy(LAYER_KEY.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
                .agg(
                        count("*").as("count"),
                        avg("ratio").as("ratio_mean"),
                        stddev_pop("ratio").as("ratio_std"),
                        min("ratio").as("ratio_min"),
                        max("ratio").as("ratio_max"),
                        avg("sparsity").as("sparsity_mean"))
                .orderBy(LAYER_KEY.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
        StringBuilder b = new StringBuilder(String.join(",", grouped.columns())).append('\n');
        for (Row r : grouped.collectAsList()) {
            for (int i = 0; i < r.length(); i++) {
                Object v = r.get(i);
                b.append(i == 0 ? "" : ",")
                        .append(v instanceof Double d ? num(d) : AnalyzeJob.Csv.field(String.valueOf(v)));
            }
            b.append('\n');
        }
        return b;
    }

    /** As the command line prints numbers: integers as such, else six significant digits. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    private static StructType schema(List<String> columns, List<DataType> types) {
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            fields.add(DataTypes.createStructField(columns.get(c), types.get(c), true));
        }
        return DataTypes.createStructType(fields);
    }

    /** A column typed by its values: long when all are integers, double when all are numbers, else string. */
    private static DataType type(List<List<String>> rows, int c) {
        boolean integers = true;
        boolean numbers = true;
        for (List<String> r : rows) {
            String v = r.get(c);
            if (v.isEmpty()) {
                continue;
            }
            integers &= v.matches("-?[0-9]{1,18}");
            numbers &= v.matches("-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|-?Infinity");
        }
        if (c == 0 || rows.isEmpty()) {
            return DataTypes.StringType;
        }
        return integers ? DataTypes.LongType : numbers ? DataTypes.DoubleType : DataTypes.StringType;
    }

    private static List<Row> typedRows(List<List<String>> rows, List<DataType> types) {
        List<Row> out = new ArrayList<>();
        for (List<String> r : rows) {
            Object[] v = new Object[r.size()];
            for (int c = 0; c < r.size(); c++) {
                String s = r.get(c);
                v[c] = s.isEmpty() && types.get(c) != DataTypes.StringType
                        ? null
                        : types.get(c) == DataTypes.LongType
                                ? (Object) Long.parseLong(s)
                                : types.get(c) == DataTypes.DoubleType ? (Object) Double.parseDouble(s) : s;
            }
            out.add(RowFactory.create(v));
        }
        return out;
    }
}
