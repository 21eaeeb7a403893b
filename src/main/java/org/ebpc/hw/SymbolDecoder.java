package org.ebpc.hw;

import org.ebpc.EbpcParams;

/**
 * The symbol decoder (symbol_decoder with its expander): the base in one cycle, then one plane
 * a cycle; a run symbol of r zero planes holds the unpacker for r cycles and is shifted out
 * in the last of them.
 */
final class SymbolDecoder {
    private static final int IDLE = 0, DBX = 1, ZEROS = 2;
    private final int width, blockSize, runBits, positionSymbol;
    private int state = IDLE, planes, zeros;
    private int nextState, nextPlanes, nextZeros;
    /** This cycle's outputs. */
    int used;

    boolean taken, push, blockDone;

    SymbolDecoder(EbpcParams p) {
        this.width = p.wordWidth();
        this.blockSize = p.blockSize();
        this.runBits = p.planeRunBits();
        this.positionSymbol = PlaneSymbols.positionSymbolBits(p);
    }

    /** Bits of the symbol at the top of {@code window}, and the extra zero planes it stands for. */
    private int symbolBits(long window) {
        if ((window >>> (width - 1)) != 0) {
            return blockSize;
        }
        if ((window >>> (width - 2)) == 1) {
            return 2;
        }
        if ((window >>> (width - 3)) == 1) {
            return 3 + runBits;
        }
        return (window >>> (width - 4)) == 0 ? 5 : positionSymbol;
    }

    private int extraZeros(long window) {
        if ((window >>> (width - 3)) != 1) {
            return 0;
        }
        return (int) ((window >>> (width - 3 - runBits)) & ((1 << runBits) - 1)) + 1;
    }

    void step(long window, int fill, boolean inValid, boolean bufferReady, boolean clear) {
        nextState = state;
        nextPlanes = planes;
        nextZeros = zeros;
        taken = false;
        push = false;
        blockDone = false;
        used = symbolBits(window);
        switch (state) {
            case IDLE -> {
                used = width;
                if (fill >= width && bufferReady) {
                    taken = true;
                    if (inValid) {
                        push = true;
                        nextState = DBX;
                    }
                }
            }
            case DBX -> {
                if (fill >= used) {
                    taken = true;
                    if (inValid) {
                        nextPlanes = planes + 1;
                        push = true;
                        int extra = extraZeros(window);
                        if (extra != 0) {
                            nextZeros = extra - 1;
                            nextState = ZEROS;
                            taken = false;
                        }
                        if (planes == width) {
                            endBlock();
                        }
                    }
                }
            }
            default -> { // ZEROS
                push = true;
                nextPlanes = planes + 1;
                if (zeros == 0) {
                    taken = true;
                    if (planes == width) {
                        endBlock();
                    } else {
                        nextState = DBX;
                    }
                } else {
                    nextZeros = zeros - 1;
                }
            }
        }
        if (clear) {
            nextPlanes = 0;
            nextZeros = 0;
            nextState = IDLE;
        }
    }

    private void endBlock() {
        nextState = IDLE;
        nextPlanes = 0;
        blockDone = true;
    }

    void tick() {
        state = nextState;
        planes = nextPlanes;
        zeros = nextZeros;
    }
}
