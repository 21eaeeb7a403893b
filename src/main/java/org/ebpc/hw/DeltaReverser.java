package org.ebpc.hw;

/**
 * The delta reverser (delta_reverse): one decoded non-zero word a cycle out of a block, the
 * base first; frees the block in the cycle of its last word.
 */
final class DeltaReverser {
    private static final int BASE = 0, STREAM = 1;

    private final int blockSize;
    private int state = BASE, index, nextState, nextIndex;
    /** This cycle's output: frees the block. */
    boolean takes;

    DeltaReverser(int blockSize) {
        this.blockSize = blockSize;
    }

    boolean valid(boolean blockValid) {
        return state == STREAM || blockValid;
    }

    void step(boolean blockValid, boolean taken, boolean clear) {
        nextState = state;
        nextIndex = index;
        takes = false;
        if (state == BASE) {
            nextIndex = 0;
            if (blockValid && taken) {
                nextState = STREAM;
                nextIndex = index + 1;
            }
        } else if (taken) {
            if (index == 0) {
                takes = true;
                nextState = BASE;
            } else if (index < blockSize - 2) {
                nextIndex = index + 1;
            } else {
                nextIndex = 0;
            }
        }
        if (clear) {
            nextState = BASE;
            nextIndex = 0;
        }
    }

    void tick() {
        state = nextState;
        index = nextIndex;
    }
}
