package org.ebpc.hw;

import org.ebpc.EbpcParams;

/**
 * The ZNZ coder (zrle): one zero/non-zero flag a cycle in, run-length symbols packed into a
 * 2W-bit register, one W-bit word out per cycle when it has one. Busy (not ready) only while
 * it flushes at the end of the input.
 */
final class ZnzPacker {
    private static final int EMPTY = 0, FILLING = 1, FULL = 2, FLUSH = 3, FLUSH_ZEROS = 4;
    private final int width, runBits, maxRun;
    private int state = EMPTY, zeros, count;
    private int nextState, nextZeros, nextCount;
    /** This cycle's output handshake. */
    boolean valid, last;

    ZnzPacker(EbpcParams p) {
        this.width = p.wordWidth();
        this.maxRun = p.maxZeroRun();
        this.runBits = p.zeroRunBits();
    }

    boolean ready() {
        return state == EMPTY || state == FILLING || state == FULL;
    }

    boolean idle(boolean inValid) {
        return state == EMPTY && !inValid;
    }

    void step(boolean inValid, boolean one, boolean flush) {
        nextState = state;
        nextZeros = zeros;
        nextCount = count;
        valid = state == FULL || state == FLUSH;
        last = state == FLUSH && count <= width;
        switch (state) {
            case EMPTY -> {
                if (inValid) {
                    nextState = FILLING;
                    if (one) {
                        nextCount = count + 1;
                    } else {
                        nextZeros = zeros + 1;
                    }
                    if (flush) {
                        nextState = one ? FLUSH : FLUSH_ZEROS;
                    }
                }
            }
            case FILLING -> {
                if (inValid) {
                    addFlag(one, zeros != 0 ? 2 + runBits : 1);
                    afterFlag(flush);
                }
            }
            case FLUSH_ZEROS -> {
                nextZeros = 0;
                nextCount = count + runBits + 1;
                nextState = FLUSH;
            }
            case FULL -> {
                nextState = FILLING;
                if (inValid) {
                    addFlag(one, 1);
                    afterFlag(flush);
                } else if (count == 0) {
                    nextState = EMPTY;
                }
            }
            default -> { // FLUSH
                if (count > width) {
                    nextCount = count - width;
                } else {
                    nextCount = 0;
                    nextState = EMPTY;
                }
            }
        }
    }

    /** A flag: a one closes the pending run ({@code oneBits} in all); a zero extends it. */
    private void addFlag(boolean one, int oneBits) {
        if (one) {
            nextZeros = 0;
            nextCount = count + oneBits;
        } else if (zeros == maxRun - 1) {
            nextCount = count + 1 + runBits;
            nextZeros = state == FULL ? zeros : 0;
        } else {
            nextZeros = zeros + 1;
        }
    }

    private void afterFlag(boolean flush) {
        if (flush) {
            nextState = nextZeros != 0 ? FLUSH_ZEROS : FLUSH;
        } else if (nextCount >= width) {
            nextState = FULL;
            nextCount -= width;
        }
    }

    void tick() {
        state = nextState;
        zeros = nextZeros;
        count = nextCount;
    }
}
