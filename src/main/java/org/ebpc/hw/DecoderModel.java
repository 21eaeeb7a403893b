package org.ebpc.hw;

import org.ebpc.EbpcParams;
import org.ebpc.EncodedStreams;

/**
 * The EBPC decoder (ebpc_decoder) stepped cycle by cycle: the ZNZ decoder gives one flag a
 * cycle; a zero flag is a zero word out at once, a one waits for the bit-plane path (unpacker,
 * symbol decoder, plane buffer, delta reverser) to have its word.
 *
 * <p>Driving: the word count, then both streams offered every cycle the decoder takes them,
 * the output always ready. Counted from the first cycle after reset to the cycle of the last
 * output word. Checked against the RTL at every parameter set that has a hardware counterpart.
 */
public final class DecoderModel {

    private DecoderModel() {}

    /** The parameter sets the model covers: those with a hardware counterpart. */
    public static boolean covers(EbpcParams p) {
        return p.hasHardwareCounterpart();
    }

    /** The modelled cycles of decoding {@code s}; none for an empty or all-zero input. */
    public static HwCycles.Decoder run(EncodedStreams s) {
        EbpcParams p = s.params();
        if (!covers(p)) {
            throw new IllegalArgumentException("no decoder model for " + p);
        }
        if (s.words() == 0 || s.bpcBits() == 0) {
            return HwCycles.Decoder.NONE;
        }
        int width = p.wordWidth();
        StreamWords znzIn = new StreamWords(s.znz(), width), bpcIn = new StreamWords(s.bpc(), width);
        ZnzUnpacker znz = new ZnzUnpacker(p);
        BpcUnpacker unpacker = new BpcUnpacker(width);
        SymbolDecoder symbols = new SymbolDecoder(p);
        PlaneBuffer buffer = new PlaneBuffer();
        DeltaReverser reverser = new DeltaReverser(p.blockSize());

        boolean running = false, countTaken = false, blockZnz = false, blockBpc = false;
        long remaining = 0;
        int zi = 0, bi = 0;
        long cycle = 0, bpcWaits = 0, znzWaits = 0, limit = 64L * s.words() + 1024;
        while (cycle < limit) {
            cycle++;
            boolean flagValid = znz.valid(), flag = znz.flag();
            boolean wordValid = reverser.valid(buffer.blockValid());
            boolean flagTaken = false, wordTaken = false, clear = false, out = false, last = false;
            boolean nextRunning = running;
            long nextRemaining = remaining;
            if (!running) {
                znzWaits++; // the word count's cycle: no flag yet either
                if (!countTaken) {
                    countTaken = true;
                    nextRunning = true;
                    nextRemaining = s.words() - 1;
                }
            } else if (flagValid) {
                last = remaining == 0;
                boolean done = !flag || wordValid;
                out = done;
                flagTaken = done;
                wordTaken = flag && wordValid;
                if (done) {
                    if (last) {
                        clear = true;
                        nextRunning = false;
                    } else {
                        nextRemaining = remaining - 1;
                    }
                } else {
                    bpcWaits++;
                }
            } else {
                znzWaits++;
            }
            if (out && last) {
                return new HwCycles.Decoder(cycle, s.words(), bpcWaits, znzWaits);
            }

            boolean bpcOffered = !blockBpc && bi < bpcIn.length, znzOffered = !blockZnz && zi < znzIn.length;
            reverser.step(buffer.blockValid(), wordTaken, clear);
            boolean bufferReady = buffer.ready(reverser.takes, clear);
            symbols.step(unpacker.window(), unpacker.fill(), unpacker.valid(), bufferReady, clear);
            unpacker.step(bpcOffered, bpcOffered ? bpcIn.word(bi) : 0, symbols.used, symbols.taken, clear);
            buffer.step(symbols.push, symbols.blockDone, reverser.takes, clear);
            znz.step(znzOffered, znzOffered ? znzIn.word(zi) : 0, flagTaken, clear);
            boolean bpcMoves = bpcOffered && unpacker.ready, znzMoves = znzOffered && znz.ready;
            if (running) {
                blockBpc |= bpcMoves && bi + 1 == bpcIn.length;
                blockZnz |= znzMoves && zi + 1 == znzIn.length;
            }

            // Clock edge.
            reverser.tick();
            symbols.tick();
            unpacker.tick();
            buffer.tick();
            znz.tick();
            bi += bpcMoves ? 1 : 0;
            zi += znzMoves ? 1 : 0;
            running = nextRunning;
            remaining = nextRemaining;
        }
        throw new IllegalStateException("decoder model did not finish: " + s);
    }
}
