package org.ebpc.hw;

import org.ebpc.EbpcParams;

/**
 * The symbol coder (seq_coder with its input register, a fifo_slice): takes a block, writes its
 * base (one cycle), then visits one plane a cycle; an all-zero plane costs its cycle without a
 * symbol, and the run symbol that covers such planes is written in a cycle of its own before
 * the next non-zero plane's symbol (the stall).
 */
final class SymbolCoder {
    private static final int IDLE = 0, FILL = 1;

    private final int width;
    private final int runSymbolBits;
    private final int[] held;
    private boolean slotFull;
    private int state = IDLE, plane, zeros;
    private boolean lastWasZero;
    private int nextState, nextPlane, nextZeros;
    private boolean nextLastWasZero;
    /** This cycle's outputs to the streamer, and to the slot. */
    boolean symbolValid, slotRelease;

    int shift;

    SymbolCoder(EbpcParams p) {
        this.width = p.wordWidth();
        this.held = new int[width + 1];
        this.runSymbolBits = 3 + p.planeRunBits();
        this.plane = width;
    }

    boolean slotReady() {
        return !slotFull || slotRelease;
    }

    /** Idle as the bit-plane coder's idle_o sees it: nothing held, streamer empty. */
    boolean idle(boolean streamerIdleWithoutSymbol) {
        return state == IDLE && !slotFull && streamerIdleWithoutSymbol;
    }

    /** Whether a flush request reaches the streamer this cycle. */
    boolean passesFlush() {
        return state == IDLE && !slotFull;
    }

    void step(boolean streamerReady) {
        nextState = state;
        nextPlane = plane;
        nextZeros = zeros;
        nextLastWasZero = lastWasZero;
        slotRelease = false;
        symbolValid = false;
        shift = 0;
        if (state == IDLE) {
            nextZeros = 0;
            nextPlane = width;
            if (slotFull) {
                shift = width;
                symbolValid = true;
                if (streamerReady) {
                    nextState = FILL;
                }
            }
        } else {
            int length = held[width - plane];
            boolean writeZero = false, stall = false;
            int run = zeros;
            symbolValid = true;
            if (length == 0) {
                if (plane != 0) {
                    nextZeros = zeros + 1;
                    nextPlane = plane - 1;
                    nextLastWasZero = true;
                    symbolValid = false;
                } else {
                    run += 1;
                    writeZero = true;
                }
            } else if (lastWasZero) {
                writeZero = true;
                stall = true;
            } else {
                shift = length;
            }
            if (writeZero) {
                shift = run == 1 ? 2 : runSymbolBits;
            }
            if (streamerReady) {
                if (writeZero) {
                    nextLastWasZero = false;
                    nextZeros = 0;
                }
                if (!stall) {
                    if (plane != 0) {
                        nextPlane = plane - 1;
                    } else {
                        slotRelease = true;
                        nextState = IDLE;
                        nextPlane = width;
                    }
                }
            }
        }
    }

    /** Clock edge; {@code offered} is the delta stage's block when it hands one over. */
    void tick(boolean load, int[] offered) {
        if (!slotFull || slotRelease) {
            if (load) {
                System.arraycopy(offered, 0, held, 0, held.length);
            }
            slotFull = load;
        }
        state = nextState;
        plane = nextPlane;
        zeros = nextZeros;
        lastWasZero = nextLastWasZero;
    }
}
