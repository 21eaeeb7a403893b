package org.ebpc.hw;

/** Arithmetic on a 2W-bit stream register held in the low bits of a long. */
final class ShiftRegister {
    final int width;
    private final long mask;

    ShiftRegister(int width) {
        this.width = width;
        this.mask = width == 32 ? -1L : (1L << (2 * width)) - 1;
    }

    long shiftLeft(long reg, int bits) {
        return bits >= 64 ? 0 : (reg << bits) & mask;
    }

    /** A W-bit word placed below the {@code fill} bits the register already holds. */
    long append(long reg, long word, int fill) {
        return reg | ((word << width) >>> fill) & mask;
    }

    long top(long reg, int bits) {
        return reg >>> (2 * width - bits);
    }
}
