package org.ebpc.cli;

import java.util.List;
import java.util.Locale;

/**
 * The self-contained HTML page of {@code ebpc analyze --html}: the data inline as JSON, charts
 * drawn as SVG by a few lines of inline script. No network is needed to view it.
 */
final class AnalyzeReport {

    private AnalyzeReport() {}

    /**
     * The page: per tensor of {@code rows} and their {@code total}; {@code formats} (one total per
     * number format, named by it), {@code kinds} (activation and gradient totals) and
     * {@code groups} (--group-by) each get a section when they hold more than one entry.
     */
    static String html(
            String title,
            String subtitle,
            List<String> schemes,
            List<AnalyzeCommand.Row> rows,
            AnalyzeCommand.Row total,
            List<AnalyzeCommand.Row> formats,
            List<AnalyzeGroups.Group> kinds,
            List<AnalyzeGroups.Group> groups) {
        StringBuilder data = new StringBuilder("{\"schemes\": [");
        for (int i = 0; i < schemes.size(); i++) {
            data.append(i == 0 ? "" : ", ").append(AnalyzeOutput.jsonString(schemes.get(i)));
        }
        data.append("], \"tensors\": [");
        for (int i = 0; i < rows.size(); i++) {
            data.append(i == 0 ? "\n" : ",\n").append(tensor(rows.get(i), schemes));
        }
        data.append("], \"total\": ").append(tensor(total, schemes));
        data.append(", \"formats\": [");
        for (int i = 0; formats.size() > 1 && i < formats.size(); i++) {
            data.append(i == 0 ? "\n" : ",\n").append(tensor(formats.get(i), schemes));
        }
        data.append("], \"kinds\": [");
        for (int i = 0; kinds.size() > 1 && i < kinds.size(); i++) {
            data.append(i == 0 ? "\n" : ",\n").append(tensor(kinds.get(i).total(), schemes));
        }
        data.append("], \"groups\": [");
        for (int i = 0; groups.size() > 1 && i < groups.size(); i++) {
            AnalyzeGroups.Group g = groups.get(i);
            data.append(i == 0 ? "\n" : ",\n")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"name\": %s, \"tensors\": %d, \"mean\": %.5f, \"std\": %.5f, \"min\": %.5f, \"max\": %.5f, \"sparsity\": %.5f}",
                            AnalyzeOutput.jsonString(g.key()),
                            g.rows().size(),
                            g.mean(),
                            g.std(),
                            g.min(),
                            g.max(),
                            g.sparsityMean()));
        }
        data.append("]}");
        return TEMPLATE.replace("@TITLE@", escape(title))
                .replace("@SUBTITLE@", escape(subtitle))
                .replace("@DATA@", data.toString().replace("</", "<\\/"));
    }

    private static String tensor(AnalyzeCommand.Row r, List<String> schemes) {
        StringBuilder b = new StringBuilder("{\"name\": ")
                .append(AnalyzeOutput.jsonString(r.name()))
                .append(", \"words\": ")
                .append(r.words())
                .append(", \"sparsity\": ")
                .append(String.format(Locale.ROOT, "%.6f", r.words() == 0 ? 0.0 : (double) r.zeros() / r.words()))
                .append(", \"ratios\": [");
        for (int i = 0; i < schemes.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", r.ratio(schemes.get(i))));
        }
        return b.append("], ").append(HardwareLines.htmlData(r)).append("}").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>@TITLE@</title>
            <style>
              body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
              h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
              .sub { color: #666; margin-bottom: 16px; }
              table { border-collapse: collapse; } td, th { padding: 3px 10px; text-align: right; border-bottom: 1px solid #ddd; }
              th:first-child, td:first-child { text-align: left; }
              .legend span { display: inline-block; margin-right: 14px; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
              svg text { font: 11px system-ui, sans-serif; fill: #333; }
            </style>
            </head>
            <body>
            <h1>@TITLE@</h1>
            <div class="sub">@SUBTITLE@</div>
            <h2>Total</h2>
            <table id="totals"></table>
            <svg id="total-chart" width="900" height="10"></svg>
            <div id="formats-section">
            <h2>Number formats: the same tensors in each (--as), total ratio per scheme</h2>
            <table id="formats-table"></table>
            <svg id="formats-chart" width="1100" height="10"></svg>
            </div>
            <div id="kinds-section">
            <h2>Activations and gradient maps: total ratio per scheme</h2>
            <table id="kinds-table"></table>
            <svg id="kinds-chart" width="1100" height="10"></svg>
            </div>
            <div id="groups-section">
            <h2>EBPC ratio per group (--group-by): mean, &plusmn; one standard deviation (box), min to max (whisker)</h2>
            <svg id="groups-chart" width="1100" height="10"></svg>
            </div>
            <h2>Compression ratio per layer, every scheme</h2>
            <div class="legend" id="legend"></div>
            <svg id="ratio-chart" width="1100" height="10"></svg>
            <h2>Sparsity (share of zero words) per layer</h2>
            <svg id="sparsity-chart" width="1100" height="10"></svg>
            <div id="hw-section">
            <h2>Hardware cycles a word per layer: where they go (stream-ebpc RTL, modelled cycle-exact)</h2>
            <div class="legend" id="hw-legend"></div>
            <svg id="hw-chart" width="1100" height="10"></svg>
            </div>
            <script type="application/json" id="data">@DATA@</script>
            <script>
            "use strict";
            const data = JSON.parse(document.getElementById("data").textContent);
            const colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#ff7f0e", "#393b79"];
            const NS = "http://www.w3.org/2000/svg";
            function el(parent, name, attrs, text) {
              const e = document.createElementNS(NS, name);
              for (const k in attrs) e.setAttribute(k, attrs[k]);
              if (text !== undefined) e.textContent = text;
              parent.appendChild(e);
              return e;
            }
            // Horizontal bars. Ratios use a log scale from the power of two below the smallest
            // value to the one above the largest, so every value shows (a 9.7x layer beside 1.1x
            // ones) and the ticks are round (0.5x, 1x, 2x, ...); the axis says "log scale".
            function hbars(svg, labels, groups, max, fmt, unitLine, log) {
              const left = 300, width = +svg.getAttribute("width") - left - 60, bar = groups[0].length > 1 ? 4 : 14, gap = 6;
              const rowH = groups[0].length * bar + gap;
              svg.setAttribute("height", labels.length * rowH + (log ? 44 : 30));
              const all = groups.flat().filter(v => v > 0);
              const lo = log ? Math.pow(2, Math.floor(Math.log2(Math.min(...all, 1)))) : 0;
              const hi = log ? Math.max(lo * 2, Math.pow(2, Math.ceil(Math.log2(Math.max(...all, 1) * 1.0001)))) : max;
              const pos = v => log ? (Math.log2(Math.max(v, lo)) - Math.log2(lo)) / (Math.log2(hi) - Math.log2(lo))
                  : Math.max(0, Math.min(v, max)) / max;
              const x = v => left + pos(v) * width;
              if (unitLine !== undefined) el(svg, "line", {x1: x(unitLine), x2: x(unitLine), y1: 0, y2: labels.length * rowH, stroke: "#999", "stroke-dasharray": "3,3"});
              labels.forEach((label, i) => {
                const y0 = i * rowH;
                el(svg, "text", {x: left - 6, y: y0 + rowH / 2 + 3, "text-anchor": "end"}, label);
                groups[i].forEach((v, j) => {
                  const r = el(svg, "rect", {x: left, y: y0 + j * bar, width: Math.max(1, x(v) - left), height: bar - 1, fill: colors[j % colors.length]});
                  el(r, "title", {}, label + ": " + fmt(v, j));
                });
              });
              const ticks = [];
              if (log) {
                for (let t = lo; t <= hi * 1.0001; t *= 2) ticks.push(t);
              } else {
                for (let t = 0; t <= 4; t++) ticks.push(max * t / 4);
              }
              ticks.forEach(v => el(svg, "text", {x: x(v), y: labels.length * rowH + 16, "text-anchor": "middle", "class": "tick"},
                  log ? (v < 1 ? v.toString() : v.toFixed(0)) + "x" : fmt(v, -1)));
              if (log) el(svg, "text", {x: left + width, y: labels.length * rowH + 34, "text-anchor": "end", "class": "axis-note"}, "log scale");
            }
            const s = data.schemes;
            const totals = document.getElementById("totals");
            totals.innerHTML = "<tr><th>scheme</th>" + s.map(n => "<th>" + n + "</th>").join("") + "</tr><tr><td>ratio</td>"
              + data.total.ratios.map(r => "<td>" + r.toFixed(3) + "x</td>").join("") + "</tr>";
            // The ZNZ stream alone is not a complete code (it only says where the zeros are): table only.
            const shown = s.map((n, j) => j).filter(j => s[j] !== "ZNZ");
            const pick = rs => shown.map(j => rs[j]);
            const maxRatio = Math.max(...data.tensors.flatMap(t => pick(t.ratios)), 1);
            hbars(document.getElementById("total-chart"), shown.map(j => s[j]), pick(data.total.ratios).map(r => [r]),
              Math.max(...pick(data.total.ratios)), v => v.toFixed(2) + "x", 1, true);
            document.querySelectorAll("#total-chart rect").forEach((r, j) => r.setAttribute("fill", colors[j % colors.length]));
            document.getElementById("legend").innerHTML = shown.map((j, k) => '<span><i style="background:' + colors[k % colors.length] + '"></i>' + s[j] + "</span>").join("");
            hbars(document.getElementById("ratio-chart"), data.tensors.map(t => t.name), data.tensors.map(t => pick(t.ratios)),
              maxRatio, (v, k) => v.toFixed(2) + "x" + (k >= 0 ? " (" + s[shown[k]] + ")" : ""), 1, true);
            hbars(document.getElementById("sparsity-chart"), data.tensors.map(t => t.name), data.tensors.map(t => [t.sparsity]), 1,
              v => (100 * v).toFixed(0) + "%");
            // Stacked bars: one cycle a word, then the stall cycles by cause; encoder above, decoder below.
            function stacked(svg, labels, rows, partColors) {
              const left = 300, width = +svg.getAttribute("width") - left - 60, bar = 9, rowH = 2 * bar + 6;
              svg.setAttribute("height", labels.length * rowH + 30);
              const max = Math.max(...rows.flat().filter(r => r).map(r => r.reduce((a, b) => a + b, 0)), 1);
              const scale = width / Math.ceil(max);
              labels.forEach((label, i) => {
                el(svg, "text", {x: left - 6, y: i * rowH + bar + 3, "text-anchor": "end"}, label);
                rows[i].forEach((parts, k) => {
                  if (!parts) return;
                  let x0 = left;
                  parts.forEach((v, j) => {
                    const r = el(svg, "rect", {x: x0, y: i * rowH + k * bar, width: Math.max(0, v * scale), height: bar - 1, fill: partColors[k][j]});
                    el(r, "title", {}, label + (k ? " decoder: " : " encoder: ") + hwParts[k][j] + " " + v.toFixed(3) + " cycles a word");
                    x0 += v * scale;
                  });
                });
              });
              for (let t = 0; t <= Math.ceil(max); t++) el(svg, "text", {x: left + t * scale, y: labels.length * rowH + 16, "text-anchor": "middle"}, t + " cycles/word");
            }
            const hwParts = [["word", "bit-plane stall", "ZNZ stall", "input FSM", "drain"], ["word", "bit-plane stall", "ZNZ stall"]];
            const hwColors = [["#1f77b4", "#d62728", "#ff7f0e", "#9467bd", "#7f7f7f"], ["#aec7e8", "#ff9896", "#ffbb78"]];
            if (data.tensors.some(t => t.hw_encoder)) {
              document.getElementById("hw-legend").innerHTML = hwParts.map((ps, k) => ps.map((p, j) => '<span><i style="background:' + hwColors[k][j] + '"></i>'
                + (k ? "decoder " : "encoder ") + p + "</span>").join("")).join("");
              stacked(document.getElementById("hw-chart"), data.tensors.map(t => t.name), data.tensors.map(t => [t.hw_encoder, t.hw_decoder]), hwColors);
            } else {
              document.getElementById("hw-section").remove();
            }
            // One total per entry (number format, or activations and gradients): a table and bars per scheme.
            function totalsSection(id, entries) {
              if (entries.length < 2) { document.getElementById(id + "-section").remove(); return; }
              document.getElementById(id + "-table").innerHTML = "<tr><th></th><th>zeros</th>" + s.map(n => "<th>" + n + "</th>").join("") + "</tr>"
                + entries.map(e => "<tr><td>" + e.name + "</td><td>" + (100 * e.sparsity).toFixed(1) + "%</td>"
                  + e.ratios.map(r => "<td>" + r.toFixed(3) + "x</td>").join("") + "</tr>").join("");
              hbars(document.getElementById(id + "-chart"), entries.map(e => e.name), entries.map(e => pick(e.ratios)),
                Math.max(...entries.flatMap(e => pick(e.ratios)), 1), (v, k) => v.toFixed(2) + "x" + (k >= 0 ? " (" + s[shown[k]] + ")" : ""), 1, true);
            }
            totalsSection("formats", data.formats);
            totalsSection("kinds", data.kinds);
            // Error bars: a box of mean +- std, a whisker from min to max, a tick at the mean; log scale as hbars.
            function errorBars(svg, groups) {
              const left = 300, width = +svg.getAttribute("width") - left - 60, rowH = 16;
              svg.setAttribute("height", groups.length * rowH + 44);
              const lo = Math.pow(2, Math.floor(Math.log2(Math.min(...groups.map(g => g.min), 1))));
              const hi = Math.max(lo * 2, Math.pow(2, Math.ceil(Math.log2(Math.max(...groups.map(g => g.max), 1) * 1.0001))));
              const x = v => left + (Math.log2(Math.max(v, lo)) - Math.log2(lo)) / (Math.log2(hi) - Math.log2(lo)) * width;
              groups.forEach((g, i) => {
                const y = i * rowH + rowH / 2;
                el(svg, "text", {x: left - 6, y: y + 3, "text-anchor": "end"}, g.name + " (" + g.tensors + ")");
                el(svg, "line", {x1: x(g.min), x2: x(g.max), y1: y, y2: y, stroke: "#555"});
                const box = el(svg, "rect", {x: x(Math.max(g.mean - g.std, lo)), y: y - 5, width: Math.max(1, x(g.mean + g.std) - x(Math.max(g.mean - g.std, lo))),
                  height: 10, fill: colors[0], "fill-opacity": 0.6});
                el(box, "title", {}, g.name + ": mean " + g.mean.toFixed(3) + "x, std " + g.std.toFixed(3) + ", min " + g.min.toFixed(3) + "x, max " + g.max.toFixed(3) + "x");
                el(svg, "line", {x1: x(g.mean), x2: x(g.mean), y1: y - 6, y2: y + 6, stroke: "#000"});
              });
              for (let t = lo; t <= hi * 1.0001; t *= 2) el(svg, "text", {x: x(t), y: groups.length * rowH + 16, "text-anchor": "middle"}, (t < 1 ? t : t.toFixed(0)) + "x");
              el(svg, "text", {x: left + width, y: groups.length * rowH + 34, "text-anchor": "end"}, "log scale");
            }
            if (data.groups.length > 1) errorBars(document.getElementById("groups-chart"), data.groups);
            else document.getElementById("groups-section").remove();
            document.body.setAttribute("data-charts-drawn", document.querySelectorAll("svg rect").length);
            </script>
            </body>
            </html>
            """;
}
