package org.ebpc.hw;

/** A padded stream (MSB-first bytes) read back as the W-bit words the hardware receives. */
final class StreamWords {
    private final byte[] bytes;
    private final int bytesPerWord;
    final int length;

    StreamWords(byte[] bytes, int width) {
        this.bytes = bytes;
        this.bytesPerWord = width / 8;
        this.length = bytes.length / bytesPerWord;
    }

    long word(int k) {
        long v = 0;
        for (int i = 0, at = k * bytesPerWord; i < bytesPerWord; i++) {
            v = (v << 8) | (bytes[at + i] & 0xFF);
        }
        return v;
    }
}
