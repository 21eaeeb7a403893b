package org.ebpc;

/**
 * A ZNZ or BPC stream that is not a valid (canonical) encoding of the stated number of words.
 * Names the stream and the bit offset where decoding stopped.
 */
public final class MalformedStreamException extends Exception {

    /** Which of the two streams is at fault. */
    public enum Stream {
        ZNZ,
        BPC
    }

    private final Stream stream;
    private final long bitOffset;
    private final String reason;

    public MalformedStreamException(Stream stream, long bitOffset, String reason) {
        super(stream + " stream, bit " + bitOffset + ": " + reason, null, false, false);
        this.stream = stream;
        this.bitOffset = bitOffset;
        this.reason = reason;
    }

    public Stream stream() {
        return stream;
    }

    public long bitOffset() {
        return bitOffset;
    }

    public String reason() {
        return reason;
    }
}
