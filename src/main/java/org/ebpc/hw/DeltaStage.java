package org.ebpc.hw;

import org.ebpc.EbpcParams;

/**
 * The delta stage (dbp_dbx_enc): collects N non-zero words (or flush zeros) into a block, then
 * offers the block's planes to the symbol coder and holds them until it takes them. While it
 * holds a block it takes the next word only in the cycle the coder takes the block.
 */
final class DeltaStage {
    private static final int IDLE = 0, FILL = 1, WAIT_OUT = 2;

    private final EbpcParams params;
    private final int width, blockSize;
    private final long[] block;
    /** Symbol lengths of the block on offer. */
    final int[] lengths;

    private int state = IDLE, fill, nextState, nextFill;
    private boolean store, complete;
    private long storeWord;

    DeltaStage(EbpcParams p) {
        this.params = p;
        this.width = p.wordWidth();
        this.blockSize = p.blockSize();
        this.block = new long[blockSize];
        this.lengths = new int[width + 1];
    }

    /** Whether a block is on offer to the coder. */
    boolean valid() {
        return state == WAIT_OUT;
    }

    boolean ready(boolean coderReady) {
        return state != WAIT_OUT || coderReady;
    }

    boolean idle(boolean inValid) {
        return state == IDLE && !inValid;
    }

    /** The flush request passed on to the coder: only while nothing is collected or offered. */
    boolean flushOut(boolean inValid, boolean flush) {
        return state == IDLE && !inValid && flush;
    }

    void step(boolean inValid, long word, boolean coderReady) {
        nextState = state;
        nextFill = fill;
        store = false;
        complete = false;
        storeWord = word;
        switch (state) {
            case IDLE -> {
                nextFill = blockSize - 1;
                if (inValid) {
                    store = true;
                    nextState = FILL;
                    nextFill = blockSize - 2;
                }
            }
            case FILL -> {
                if (inValid) {
                    store = true;
                    nextFill = (fill - 1) & (blockSize - 1);
                    if (fill == 0) {
                        complete = true;
                        nextState = WAIT_OUT;
                    }
                }
            }
            default -> { // WAIT_OUT
                if (coderReady) {
                    if (inValid) {
                        store = true;
                        nextFill = (fill - 1) & (blockSize - 1);
                        nextState = FILL;
                    } else {
                        nextState = IDLE;
                    }
                }
            }
        }
    }

    void tick() {
        if (store) {
            // fill counts down from N-2 after a block's first word: word k arrives at fill N-1-k.
            int k = state == FILL ? blockSize - 1 - fill : 0;
            block[k] = storeWord << (64 - width) >> (64 - width);
            if (complete) {
                PlaneSymbols.lengths(block, params, lengths);
            }
        }
        state = nextState;
        fill = nextFill;
    }
}
