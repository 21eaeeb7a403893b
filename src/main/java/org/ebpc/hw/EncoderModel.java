package org.ebpc.hw;

import org.ebpc.EbpcParams;
import org.ebpc.kernel.Words;

/**
 * The EBPC encoder (ebpc_encoder) stepped cycle by cycle: its input FSM, which sends every
 * word to the ZNZ coder and each non-zero one also to the bit-plane coder (delta stage,
 * symbol coder, packer, output register); a word waits in the input register until both
 * paths that need it take it.
 *
 * <p>Driving: a word offered every cycle the encoder is ready, both outputs always ready.
 * Counted from the first cycle after reset to the cycle that carries the last word of both
 * streams.
 */
public final class EncoderModel {
    private static final int IDLE = 0, RUNNING = 1, WAIT_RDY = 2, FLUSH = 3;

    private EncoderModel() {}

    /** The modelled cycles of encoding {@code words}; empty for an input with no non-zero word. */
    public static HwCycles.Encoder run(Words words, EbpcParams p) {
        return run(words, 0, words.length(), p);
    }

    public static HwCycles.Encoder run(Words words, int from, int to, EbpcParams p) {
        if (!p.hasHardwareCounterpart()) {
            throw new IllegalArgumentException(p + " has no hardware counterpart");
        }
        if (allZero(words, from, to)) {
            return HwCycles.Encoder.NONE; // the hardware never ends its BPC stream
        }
        int width = p.wordWidth(), n = p.blockSize();
        DeltaStage delta = new DeltaStage(p);
        SymbolCoder coder = new SymbolCoder(p);
        ShiftStreamer streamer = new ShiftStreamer(width);
        BpcOutputBuffer out = new BpcOutputBuffer();
        ZnzPacker znz = new ZnzPacker(p);

        int state = IDLE, blockCount = 0;
        boolean waitForBpc = false, lastQ = false;
        long dataQ = 0;
        int next = from;
        long cycle = 0, znzLast = -1, bpcLast = -1, bpcWaits = 0, znzWaits = 0, tail = 0;
        long limit = 64L * (to - from) + 1024;
        while ((znzLast < 0 || bpcLast < 0) && cycle < limit) {
            cycle++;
            boolean inValid = next < to;
            long inWord = inValid ? words.get(next) : 0;

            // Readiness flows back from the outputs, which are always ready.
            coder.step(streamer.ready());
            boolean bpcReady = delta.ready(coder.slotReady());
            boolean znzReady = znz.ready();
            boolean bpcIdle = coder.idle(streamer.idle(false)) && delta.idle(false);

            boolean toBpc = false, toZnz = false, one = false, flush = false, wasLast = false, take = false;
            long bpcWord = dataQ;
            int nextState = state;
            boolean nextWait = waitForBpc, count = false;
            switch (state) {
                case IDLE -> {
                    take = inValid;
                    if (inValid) {
                        nextState = RUNNING;
                    }
                }
                case RUNNING -> {
                    if (dataQ != 0) {
                        one = toBpc = toZnz = true;
                        if (bpcReady && znzReady) {
                            count = true;
                            if (lastQ) {
                                nextState = FLUSH;
                            } else if (inValid) {
                                take = true;
                            } else {
                                nextState = IDLE;
                            }
                        } else if (bpcReady || znzReady) {
                            nextWait = znzReady;
                            nextState = WAIT_RDY;
                        }
                    } else {
                        toZnz = true;
                        if (znzReady) {
                            if (lastQ) {
                                if (bpcIdle) {
                                    wasLast = true;
                                    nextState = IDLE;
                                } else {
                                    nextState = FLUSH;
                                }
                            } else if (inValid) {
                                take = true;
                            } else {
                                nextState = IDLE;
                            }
                        }
                    }
                }
                case WAIT_RDY -> {
                    one = true;
                    boolean ready;
                    if (waitForBpc) {
                        toBpc = true;
                        ready = bpcReady;
                    } else {
                        toZnz = true;
                        ready = znzReady;
                    }
                    if (ready) {
                        count = true;
                        if (lastQ) {
                            nextState = FLUSH;
                        } else if (inValid) {
                            take = true;
                            nextState = RUNNING;
                        } else {
                            nextState = IDLE;
                        }
                    }
                }
                default -> { // FLUSH: pad the last block with zeros, then flush the coder
                    bpcWord = 0;
                    if (blockCount > 0) {
                        toBpc = true;
                        count = bpcReady;
                    } else if (!bpcIdle) {
                        flush = true;
                    } else {
                        nextState = IDLE;
                    }
                }
            }
            if (inValid && !take) {
                if (!bpcReady) {
                    bpcWaits++;
                } else if (!znzReady) {
                    znzWaits++;
                }
            }
            if (!inValid) {
                tail++;
            }

            delta.step(toBpc, bpcWord, coder.slotReady());
            boolean coderFlush = delta.flushOut(toBpc, flush) && coder.passesFlush();
            streamer.step(coder.symbolValid, coder.shift, coderFlush);
            out.step(streamer.valid, streamer.last, wasLast);
            znz.step(toZnz, one, lastQ);
            if (znz.valid && znz.last && znzLast < 0) {
                znzLast = cycle;
            }
            if (out.valid && out.last && bpcLast < 0) {
                bpcLast = cycle;
            }

            // Clock edge.
            coder.tick(delta.valid(), delta.lengths);
            delta.tick();
            streamer.tick();
            out.tick();
            znz.tick();
            if (take) {
                dataQ = inWord;
                lastQ = next + 1 == to;
                next++;
            }
            if (count) {
                blockCount = (blockCount + 1) & (n - 1);
            }
            state = nextState;
            waitForBpc = nextWait;
        }
        if (bpcLast < 0 || znzLast < 0) {
            throw new IllegalStateException("encoder model did not finish after " + cycle + " cycles");
        }
        return new HwCycles.Encoder(Math.max(znzLast, bpcLast), to - from, bpcWaits, znzWaits, tail);
    }

    private static boolean allZero(Words words, int from, int to) {
        for (int i = from; i < to; i++) {
            if (words.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
