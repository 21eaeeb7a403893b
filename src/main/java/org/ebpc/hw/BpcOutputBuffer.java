package org.ebpc.hw;

/**
 * The register at the BPC output (bpc_buffer): holds one word so that the encoder can mark it
 * last after the fact, when the input ends in zeros and the bit-plane coder has nothing more.
 */
final class BpcOutputBuffer {
    private static final int EMPTY = 0, FULL = 1, LAST = 2;
    private int state = EMPTY, nextState;
    /** This cycle's output handshake: a word leaves, and whether it is the stream's last. */
    boolean valid, last;

    boolean full() {
        return state != EMPTY;
    }

    void step(boolean inValid, boolean inLast, boolean wasLast) {
        nextState = state;
        valid = false;
        last = false;
        switch (state) {
            case EMPTY -> {
                if (inValid) {
                    nextState = inLast ? LAST : FULL;
                }
            }
            case FULL -> {
                if (inValid) {
                    valid = true;
                    last = wasLast;
                    if (inLast) {
                        nextState = LAST;
                    }
                } else if (wasLast) {
                    valid = true;
                    last = true;
                    nextState = EMPTY;
                }
            }
            default -> { // LAST
                valid = true;
                last = true;
                if (inValid) {
                    if (!inLast) {
                        nextState = FULL;
                    }
                } else {
                    nextState = EMPTY;
                }
            }
        }
    }

    void tick() {
        state = nextState;
    }
}
