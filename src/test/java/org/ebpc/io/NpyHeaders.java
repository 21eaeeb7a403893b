package org.ebpc.io;

import java.nio.charset.StandardCharsets;

/** .npy headers as numpy writes them, for the tests of every package that reads them. */
public final class NpyHeaders {

    private NpyHeaders() {}

    /** A header as numpy's write_array_header_{1,2,3}_0 lays it out: padded with spaces and a newline to 64 bytes. */
    public static byte[] header(int major, String dict) {
        byte[] d = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int pre = major == 1 ? 10 : 12;
        int total = (pre + d.length + 1 + 63) / 64 * 64;
        byte[] h = new byte[total];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0};
        System.arraycopy(magic, 0, h, 0, 8);
        int len = total - pre;
        h[8] = (byte) len;
        h[9] = (byte) (len >>> 8);
        if (major != 1) {
            h[10] = (byte) (len >>> 16);
            h[11] = (byte) (len >>> 24);
        }
        System.arraycopy(d, 0, h, pre, d.length);
        java.util.Arrays.fill(h, pre + d.length, total - 1, (byte) ' ');
        h[total - 1] = '\n';
        return h;
    }
}
