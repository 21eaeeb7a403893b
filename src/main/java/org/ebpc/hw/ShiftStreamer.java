package org.ebpc.hw;

/**
 * The BPC packer (shift_streamer): symbols of up to W bits shifted into a 2W-bit register, one
 * W-bit word out per cycle when it has one. Its output buffer is always ready under the
 * modelled driving, so only its flush state refuses a symbol.
 */
final class ShiftStreamer {
    private static final int EMPTY = 0, FILLING = 1, FLUSH = 2, FULL = 3;

    private final int width;
    private int state = EMPTY, count;
    private int nextState, nextCount;
    /** This cycle's outputs. */
    boolean valid, last;

    ShiftStreamer(int width) {
        this.width = width;
    }

    boolean ready() {
        return state != FLUSH;
    }

    boolean idle(boolean symbolValid) {
        return state == EMPTY && !symbolValid;
    }

    /** One cycle's combinational step with a symbol of {@code shift} bits offered or not. */
    void step(boolean symbolValid, int shift, boolean flush) {
        nextState = state;
        nextCount = count;
        valid = state == FULL || state == FLUSH;
        last = state == FLUSH || (state == FULL && flush && count == 0);
        switch (state) {
            case EMPTY -> {
                nextCount = 0;
                if (symbolValid) {
                    if (shift == width) {
                        nextState = FULL;
                    } else {
                        nextState = FILLING;
                        nextCount = count + shift;
                    }
                }
            }
            case FILLING -> {
                if (symbolValid) {
                    nextCount = count + shift;
                    if (nextCount >= width) {
                        nextCount -= width;
                        nextState = FULL;
                    }
                }
                if (flush) {
                    nextState = FLUSH;
                }
            }
            case FULL -> {
                if (symbolValid) {
                    nextCount = count + shift;
                    if (nextCount >= width) {
                        nextCount -= width;
                    } else {
                        nextState = FILLING;
                    }
                } else if (count == 0) {
                    nextState = EMPTY;
                } else {
                    nextState = flush ? FLUSH : FILLING;
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

    void tick() {
        state = nextState;
        count = nextCount;
    }
}
