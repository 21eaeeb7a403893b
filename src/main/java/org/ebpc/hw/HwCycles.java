package org.ebpc.hw;

/** Cycle counts of the modelled hardware, with where the cycles beyond one a word went. */
public final class HwCycles {

    private HwCycles() {}

    /**
     * The encoder's cycles for {@code words} words: one a word, plus cycles the input waited
     * because the bit-plane path ({@code bpcStalls}) or the ZNZ coder ({@code znzStalls}) was
     * busy or the input FSM was between states ({@code fsmStalls}), plus {@code drain}, the
     * cycles after the last word was taken until both streams have ended.
     */
    public record Encoder(long cycles, long words, long bpcStalls, long znzStalls, long drain) {
        /** No count: the input has no non-zero word, and the hardware ends no BPC stream. */
        public static final Encoder NONE = new Encoder(-1, 0, 0, 0, 0);

        public boolean counted() {
            return cycles >= 0;
        }

        /** Both counts summed; a stream without a count adds nothing. */
        public Encoder plus(Encoder o) {
            if (!o.counted()) {
                return this;
            }
            if (!counted()) {
                return o;
            }
            return new Encoder(
                    cycles + o.cycles,
                    words + o.words,
                    bpcStalls + o.bpcStalls,
                    znzStalls + o.znzStalls,
                    drain + o.drain);
        }

        public long fsmStalls() {
            return cycles - words - bpcStalls - znzStalls - drain;
        }

        public long stalls() {
            return cycles - words;
        }
    }

    /**
     * The decoder's cycles for {@code words} words: one a word out, plus cycles without an
     * output word because the bit-plane path had no word ready ({@code bpcStalls}) or the
     * ZNZ decoder had no flag ready ({@code znzStalls}, counting the cycle that takes the word
     * count).
     */
    public record Decoder(long cycles, long words, long bpcStalls, long znzStalls) {
        public static final Decoder NONE = new Decoder(-1, 0, 0, 0);

        public boolean counted() {
            return cycles >= 0;
        }

        public long stalls() {
            return cycles - words;
        }

        public Decoder plus(Decoder o) {
            if (!o.counted()) {
                return this;
            }
            if (!counted()) {
                return o;
            }
            return new Decoder(cycles + o.cycles, words + o.words, bpcStalls + o.bpcStalls, znzStalls + o.znzStalls);
        }
    }
}
