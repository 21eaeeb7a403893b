package org.ebpc.hw;

import org.ebpc.EbpcParams;

/**
 * The ZNZ decoder (zrle_decoder): takes ZNZ words into a 2W-bit register and gives one
 * zero/non-zero flag a cycle; a run symbol becomes a run of zero flags, one a cycle, during
 * which it takes no input.
 */
final class ZnzUnpacker {
    private static final int EMPTY = 0, FILLING = 1, FULL = 2, ZEROS = 3;

    private final ShiftRegister sr;
    private final int width, runBits;
    private int state = EMPTY, fill, zeros;
    private long reg;
    private int nextState, nextFill, nextZeros;
    private long nextReg;
    /** This cycle's outputs: whether it takes the offered word. */
    boolean ready;

    ZnzUnpacker(EbpcParams p) {
        this.width = p.wordWidth();
        this.sr = new ShiftRegister(width);
        this.runBits = p.zeroRunBits();
    }

    boolean valid() {
        return switch (state) {
            case FULL, ZEROS -> true;
            case FILLING -> topBit() || fill > runBits;
            default -> false;
        };
    }

    /** The flag on offer: non-zero. */
    boolean flag() {
        return state != ZEROS && topBit();
    }

    private boolean topBit() {
        return sr.top(reg, 1) != 0;
    }

    private int runField() {
        return (int) (sr.top(reg, 1 + runBits) & ((1 << runBits) - 1));
    }

    void step(boolean inValid, long word, boolean taken, boolean flush) {
        nextState = state;
        nextFill = fill;
        nextZeros = zeros;
        nextReg = reg;
        ready = false;
        switch (state) {
            case EMPTY -> {
                ready = true;
                if (inValid) {
                    nextState = FULL;
                    nextFill = width;
                    nextReg = sr.append(0, word, 0);
                }
            }
            case FULL -> {
                if (taken) {
                    consume();
                    if (nextFill < width) {
                        ready = true;
                        if (inValid) {
                            nextReg = sr.append(nextReg, word, nextFill);
                            nextFill += width;
                        } else if (nextState != ZEROS) {
                            nextState = FILLING;
                        }
                    }
                    if (flush) {
                        clear();
                    }
                }
            }
            case FILLING -> {
                ready = true;
                if (inValid) {
                    nextReg = sr.append(reg, word, fill);
                    nextFill = fill + width;
                    nextState = FULL;
                }
                if (valid() && taken) {
                    if (flush) {
                        ready = false;
                        nextReg = 0;
                        nextState = EMPTY;
                        nextFill = 0;
                    } else {
                        consume();
                        if (nextState != ZEROS && nextFill == 0) {
                            nextState = EMPTY;
                        }
                    }
                }
            }
            default -> { // ZEROS
                if (taken) {
                    if (flush) {
                        nextZeros = 0;
                        nextState = EMPTY;
                        nextReg = 0;
                    } else if (zeros == 0) {
                        nextState = fill < width ? FILLING : FULL;
                    } else {
                        nextZeros = zeros - 1;
                    }
                }
            }
        }
    }

    /** Shifts out the symbol at the top: a one flag, or a run of one or more zero flags. */
    private void consume() {
        if (topBit()) {
            nextReg = sr.shiftLeft(nextReg, 1);
            nextFill -= 1;
        } else {
            int run = runField();
            nextReg = sr.shiftLeft(nextReg, 1 + runBits);
            nextFill -= 1 + runBits;
            if (run > 0) {
                nextState = ZEROS;
                nextZeros = run - 1;
            }
        }
    }

    private void clear() {
        nextReg = 0;
        nextState = EMPTY;
        nextFill = 0;
        nextZeros = 0;
        ready = false;
    }

    void tick() {
        state = nextState;
        fill = nextFill;
        zeros = nextZeros;
        reg = nextReg;
    }
}
