package org.ebpc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `analyze --html` report in a real headless Chromium: the page loads, its script draws
 * every bar, and the console shows no message. CI installs Chromium (.ci/run); elsewhere the
 * test is skipped when there is none, and fails under CI=true.
 */
class HtmlReportChromiumTest {

    @TempDir
    Path dir;

    static Path chromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    @Test
    void reportLoadsAndDrawsItsChartsWithoutConsoleErrors() throws Exception {
        Path chrome = chromium();
        if (chrome == null) {
            assertTrue(System.getenv("CI") == null, "CI must have Chromium (.ci/run installs it)");
            Assumptions.abort("no Chromium here");
        }
        List<String> names = List.of("001_Conv1_relu.i8.npy", "011_block_4_depthwise_relu.i8.npy", "045_out_relu.i8.npy",
                "046_dense_1.i8.npy");
        for (String n : names) {
            try (InputStream in = getClass().getResourceAsStream("/traces/mobilenetv2-astronaut/" + n)) {
                Files.write(dir.resolve(n), in.readAllBytes());
            }
        }
        Path report = dir.resolve("report.html");
        CliRun r = CliRun.of(new byte[0], "analyze", "--html", report.toString(), dir.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(report);
        assertTrue(!page.contains("http://") || page.indexOf("http://") == page.indexOf("http://www.w3.org/2000/svg"),
                "self-contained: no network address but the SVG namespace");

        Process p = new ProcessBuilder(chrome.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0", "--dump-dom",
                report.toUri().toString())
                .redirectError(dir.resolve("chrome.err").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Chromium did not finish");
        String log = Files.readString(dir.resolve("chrome.err"));

        Matcher m = Pattern.compile("data-charts-drawn=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the script ran to its end: " + dom.substring(0, Math.min(500, dom.length())));
        int bars = Integer.parseInt(m.group(1));
        int schemes = 10;   // every scheme but the ZNZ stream alone
        int hwParts = 5 + 3;   // encoder: word, three stall causes, drain; decoder: word, two stall causes
        assertEquals(schemes + names.size() * schemes + names.size() + names.size() * hwParts, bars,
                "total, per-layer, sparsity and hardware-cycle bars");
        assertTrue(dom.contains("encoder bit-plane stall") && dom.contains("2 cycles/word"), "the hardware cycles are drawn with their axis");
        assertTrue(dom.contains("011_block_4_depthwise_relu.i8.npy") && dom.contains("<rect"), "layers are labelled and drawn");
        assertTrue(log.lines().noneMatch(l -> l.contains(":CONSOLE")), "console messages: " + log);
        // Every value shows: out_relu's ~10x is inside the per-layer axis (log scale to 16x,
        // marked), not cut at a fixed maximum; ticks are round.
        assertTrue(dom.contains(">16x<") && dom.contains(">1x<"), "round log ticks up to 16x");
        assertEquals(2, dom.split("class=\"axis-note\">log scale<", -1).length - 1, "both ratio axes say they are log scales");
    }
}
