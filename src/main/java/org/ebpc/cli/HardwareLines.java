package org.ebpc.cli;

import java.util.Locale;
import org.ebpc.hw.HwCycles;
import org.ebpc.hw.HwFigures;

/**
 * The modelled hardware's figures of an analyze row (org.ebpc.hw: cycle-exact with the
 * stream-ebpc RTL) as table text, CSV columns and JSON fields. Empty or null where the model
 * gives none: no non-zero word (the hardware ends no BPC stream), a decoder not modelled for
 * the parameters, or no hardware counterpart ({@link HwFigures#unavailable}).
 */
final class HardwareLines {

    private HardwareLines() {}

    static final String CSV_HEADER =
            ",hw_encoder_cycles,hw_decoder_cycles,hw_encoder_cycles_per_word,hw_decoder_cycles_per_word,"
                    + "hw_encoder_seconds,hw_decoder_seconds,hw_encoder_stall_cycles,hw_decoder_stall_cycles";

    static String perWord(boolean counted, long cycles, long words) {
        return counted && words > 0 ? String.format(Locale.ROOT, "%.3f", (double) cycles / words) : "-";
    }

    /** The table's line under the ideal figures, for a total row. */
    static String summary(AnalyzeCommand.Row t, String clock, double hz) {
        HwFigures hw = t.hw();
        if (hw.missing() != null) {
            return "hardware model: none (" + hw.missing() + ")";
        }
        HwCycles.Encoder e = hw.encoder();
        HwCycles.Decoder d = hw.decoder();
        double raw = (double) t.words() * t.params().bytesPerWord();
        StringBuilder b = new StringBuilder("hardware model (stream-ebpc RTL, cycle-exact, ")
                .append(clock)
                .append("): ");
        if (!e.counted()) {
            return b.append("no tensor with a non-zero word").toString();
        }
        b.append(String.format(
                Locale.ROOT,
                "encoder %,d cycles (%.3f a word; %.3f ms, %.0f MB/s in); stalls %s",
                e.cycles(),
                (double) e.cycles() / e.words(),
                1e3 * e.cycles() / hz,
                raw / (e.cycles() / hz) / 1e6,
                encoderStalls(e)));
        if (d.counted()) {
            b.append(String.format(
                    Locale.ROOT,
                    "; decoder %,d cycles (%.3f a word; %.3f ms, %.0f MB/s out); stalls %s",
                    d.cycles(),
                    (double) d.cycles() / d.words(),
                    1e3 * d.cycles() / hz,
                    raw / (d.cycles() / hz) / 1e6,
                    decoderStalls(d)));
        } else {
            b.append("; decoder: not modelled for ").append(t.params());
        }
        return b.toString();
    }

    private static String encoderStalls(HwCycles.Encoder e) {
        return String.format(
                Locale.ROOT,
                "%.1f%% (bit-plane path %.1f%%, ZNZ %.1f%%, input FSM %.1f%%, drain %.1f%%)",
                pct(e.stalls(), e.cycles()),
                pct(e.bpcStalls(), e.cycles()),
                pct(e.znzStalls(), e.cycles()),
                pct(e.fsmStalls(), e.cycles()),
                pct(e.drain(), e.cycles()));
    }

    private static String decoderStalls(HwCycles.Decoder d) {
        return String.format(
                Locale.ROOT,
                "%.1f%% (bit-plane path %.1f%%, ZNZ %.1f%%)",
                pct(d.stalls(), d.cycles()),
                pct(d.bpcStalls(), d.cycles()),
                pct(d.znzStalls(), d.cycles()));
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    static String csv(AnalyzeCommand.Row r, double hz) {
        HwCycles.Encoder e = r.hw().encoder();
        HwCycles.Decoder d = r.hw().decoder();
        return "," + (e.counted() ? e.cycles() : "") + "," + (d.counted() ? d.cycles() : "")
                + "," + blank(perWord(e.counted(), e.cycles(), r.words())) + ","
                + blank(perWord(d.counted(), d.cycles(), r.words()))
                + "," + (e.counted() ? AnalyzeOutput.num(e.cycles() / hz) : "") + ","
                + (d.counted() ? AnalyzeOutput.num(d.cycles() / hz) : "")
                + "," + (e.counted() ? e.stalls() : "") + "," + (d.counted() ? d.stalls() : "");
    }

    private static String blank(String s) {
        return s.equals("-") ? "" : s;
    }

    /** The JSON fields, each preceded by ", ". */
    static String json(AnalyzeCommand.Row r, double hz) {
        HwCycles.Encoder e = r.hw().encoder();
        HwCycles.Decoder d = r.hw().decoder();
        double raw = (double) r.words() * r.params().bytesPerWord();
        StringBuilder b = new StringBuilder();
        b.append(", \"hw_encoder_cycles\": ").append(e.counted() ? Long.toString(e.cycles()) : "null");
        b.append(", \"hw_decoder_cycles\": ").append(d.counted() ? Long.toString(d.cycles()) : "null");
        if (e.counted()) {
            b.append(", \"hw_encoder_cycles_per_word\": ")
                    .append(AnalyzeOutput.num((double) e.cycles() / e.words()))
                    .append(", \"hw_encoder_seconds\": ")
                    .append(AnalyzeOutput.num(e.cycles() / hz))
                    .append(", \"hw_encoder_bytes_per_second\": ")
                    .append(AnalyzeOutput.num(raw / (e.cycles() / hz)))
                    .append(", \"hw_encoder_stalls\": {\"bpc\": ")
                    .append(e.bpcStalls())
                    .append(", \"znz\": ")
                    .append(e.znzStalls())
                    .append(", \"fsm\": ")
                    .append(e.fsmStalls())
                    .append(", \"drain\": ")
                    .append(e.drain())
                    .append('}');
        }
        if (d.counted()) {
            b.append(", \"hw_decoder_cycles_per_word\": ")
                    .append(AnalyzeOutput.num((double) d.cycles() / d.words()))
                    .append(", \"hw_decoder_seconds\": ")
                    .append(AnalyzeOutput.num(d.cycles() / hz))
                    .append(", \"hw_decoder_bytes_per_second\": ")
                    .append(AnalyzeOutput.num(raw / (d.cycles() / hz)))
                    .append(", \"hw_decoder_stalls\": {\"bpc\": ")
                    .append(d.bpcStalls())
                    .append(", \"znz\": ")
                    .append(d.znzStalls())
                    .append('}');
        }
        b.append(", \"hw_note\": ")
                .append(r.hw().missing() == null ? "null" : AnalyzeOutput.jsonString(r.hw().missing()));
        return b.toString();
    }

    /** The HTML report's per-tensor data: cycles a word of each kind, encoder then decoder. */
    static String htmlData(AnalyzeCommand.Row r) {
        HwCycles.Encoder e = r.hw().encoder();
        HwCycles.Decoder d = r.hw().decoder();
        double w = Math.max(1, r.words());
        String enc = e.counted()
                ? String.format(
                        Locale.ROOT,
                        "[%.5f, %.5f, %.5f, %.5f, %.5f]",
                        e.words() / w,
                        e.bpcStalls() / w,
                        e.znzStalls() / w,
                        e.fsmStalls() / w,
                        e.drain() / w)
                : "null";
        String dec = d.counted()
                ? String.format(Locale.ROOT, "[%.5f, %.5f, %.5f]", d.words() / w, d.bpcStalls() / w, d.znzStalls() / w)
                : "null";
        return "\"hw_encoder\": " + enc + ", \"hw_decoder\": " + dec;
    }
}
