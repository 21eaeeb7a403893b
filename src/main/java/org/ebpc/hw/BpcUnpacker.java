package org.ebpc.hw;

/**
 * The BPC unpacker (unpacker): BPC words into a 2W-bit register; the symbol decoder reads the
 * top W bits and says how many it used. Takes a word when fewer than W bits remain.
 */
final class BpcUnpacker {
    private static final int IDLE = 0, FULL = 1, FILLING = 2;

    private final ShiftRegister sr;
    private final int width;
    private int state = IDLE, fill;
    private long reg;
    private int nextState, nextFill;
    private long nextReg;
    boolean ready;

    BpcUnpacker(int width) {
        this.sr = new ShiftRegister(width);
        this.width = width;
    }

    long window() {
        return sr.top(reg, width);
    }

    int fill() {
        return fill;
    }

    boolean valid() {
        return state == FULL || (state == FILLING && fill != 0);
    }

    void step(boolean inValid, long word, int used, boolean taken, boolean clear) {
        nextState = state;
        nextFill = fill;
        nextReg = reg;
        ready = false;
        switch (state) {
            case IDLE -> {
                ready = true;
                if (inValid) {
                    nextFill = width;
                    nextReg = sr.append(0, word, 0);
                    nextState = FULL;
                }
            }
            case FULL -> {
                if (taken) {
                    nextReg = sr.shiftLeft(reg, used);
                    nextFill = fill - used;
                    if (nextFill < width) {
                        ready = true;
                        if (inValid) {
                            nextReg = sr.append(nextReg, word, nextFill);
                            nextFill += width;
                        } else {
                            nextState = FILLING;
                        }
                    }
                }
            }
            default -> { // FILLING
                ready = true;
                if (inValid) {
                    nextState = FULL;
                    nextReg = sr.append(reg, word, fill);
                    nextFill = fill + width;
                }
                if (fill != 0 && taken) {
                    nextReg = sr.shiftLeft(nextReg, used);
                    nextFill -= used;
                }
            }
        }
        if (clear) {
            ready = false;
            nextReg = 0;
            nextFill = 0;
            nextState = IDLE;
        }
    }

    void tick() {
        state = nextState;
        fill = nextFill;
        reg = nextReg;
    }
}
