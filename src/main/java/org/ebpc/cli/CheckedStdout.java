package org.ebpc.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output with every write checked: a full disk, a closed pipe or an I/O error is an
 * IOException naming standard output, never a silently short file. The process's own
 * stdout is written through its file descriptor (the system's reason in the message); any
 * other PrintStream (tests) is checked after each write.
 */
final class CheckedStdout extends OutputStream {
    private final PrintStream print;
    private final OutputStream fd;

    CheckedStdout(PrintStream out) {
        this.print = out;
        this.fd = out == System.out ? new java.io.FileOutputStream(java.io.FileDescriptor.out) : null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            if (fd != null) {
                fd.write(b, off, len);
                return;
            }
            print.write(b, off, len);
        } catch (IOException e) {
            throw failed(e.getMessage());
        }
        if (print.checkError()) {
            throw failed("write error");
        }
    }

    @Override
    public void flush() throws IOException {
        if (fd == null) {
            print.flush();
            if (print.checkError()) {
                throw failed("write error");
            }
        }
    }

    static IOException failed(String why) {
        return new IOException("cannot write to standard output (" + why + ")");
    }
}
