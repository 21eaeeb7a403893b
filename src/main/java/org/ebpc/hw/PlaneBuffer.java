package org.ebpc.hw;

/**
 * The plane buffer (buffer with its output register, a fifo_slice): collects a block's base
 * and planes, then hands the block to the delta reverser; it takes the next block's base only
 * once its output register is free.
 */
final class PlaneBuffer {
    private static final int WAIT_BASE = 0, FILLING = 1, FULL = 2;
    private int state = WAIT_BASE, nextState;
    private boolean slotFull, nextSlotFull;

    /** Whether the output register holds a block for the delta reverser. */
    boolean blockValid() {
        return slotFull;
    }

    /** Whether it takes a pushed base this cycle, given whether the reverser frees the register. */
    boolean ready(boolean reverserTakes, boolean clear) {
        return state != FULL || slotReady(reverserTakes, clear);
    }

    private boolean slotReady(boolean reverserTakes, boolean clear) {
        return !slotFull || reverserTakes || clear;
    }

    void step(boolean push, boolean blockDone, boolean reverserTakes, boolean clear) {
        nextState = state;
        boolean offer = state == FULL;
        boolean slotTakes = slotReady(reverserTakes, clear);
        switch (state) {
            case WAIT_BASE -> {
                if (push) {
                    nextState = FILLING;
                }
            }
            case FILLING -> {
                if (blockDone) {
                    nextState = FULL;
                }
            }
            default -> { // FULL
                if (slotTakes) {
                    nextState = push ? FILLING : WAIT_BASE;
                }
            }
        }
        if (clear) {
            nextState = WAIT_BASE;
        }
        nextSlotFull = slotTakes ? offer : slotFull;
    }

    void tick() {
        state = nextState;
        slotFull = nextSlotFull;
    }
}
