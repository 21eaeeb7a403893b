package org.ebpc.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.ebpc.EbpcParams;
import org.ebpc.io.Npy;

/**
 * The .ebpc container (docs/FORMAT-CONTAINER.md): header, chunks, index, trailer. This class
 * holds the layout; every size read from a file is validated here before it is used.
 */
public final class Container {

    static final byte[] MAGIC = {(byte) 0x89, 'E', 'B', 'P', 'C', '\r', '\n', 0x1A};
    /** Version 1: one stream pair per chunk. Still read; written only when asked (sliceWords 0). */
    static final int VERSION_1 = 1;
    /** Version 2: each chunk cut into slices, each its own stream pair or raw words. */
    static final int VERSION = 2;

    static final int CHUNK_MAGIC = 0x4B434245; // "EBCK" little-endian
    static final int INDEX_MAGIC = 0x58494245; // "EBIX"
    static final byte[] END_MAGIC = {'E', 'B', 'P', 'C', 'E', 'N', 'D', 0};
    /** The most words one chunk holds: the hardware's word-count port is 24 bits wide. */
    public static final int MAX_CHUNK_WORDS = 1 << 24;
    /**
     * The default: 4 Mi words. Against 2^24 the heap of a multi-threaded run stays a fifth as
     * large (fewer page faults), and files of 4-16 MB split into chunks that code in parallel,
     * for 32 bytes per chunk (docs/PERFORMANCE.md, "Chunk size").
     */
    public static final int DEFAULT_CHUNK_WORDS = 1 << 22;

    public static final int MAX_PREFIX = 1 << 20;
    static final int CHUNK_HEADER_BYTES = 20;
    /**
     * Words per slice, the unit of independent stream pairs inside a version 2 chunk: small
     * enough that several slices decode side by side, large enough that the slice table (8
     * bytes a slice) and stream padding stay under 0.1% of the output.
     */
    public static final int DEFAULT_SLICE_WORDS = 1 << 14;
    /** Slice sizes a version 2 header may give: powers of two in 2^8..2^24. */
    public static final int MIN_SLICE_WORDS = 1 << 8;

    /** What the original file was. */
    public enum Kind {
        RAW,
        NPY,
        ARCHIVE
    }

    /** Archive segments: raw bytes kept verbatim, or an array coded in chunks. */
    static final int SEGMENT_MAGIC = 0x47534245; // "EBSG"

    static final int SEGMENT_VERBATIM = 0;
    static final int SEGMENT_CODED = 1;

    static int dtypeCode(Npy.Dtype d) {
        return Arrays.asList(DTYPES).indexOf(d);
    }

    static Npy.Dtype dtypeOf(int code) throws CorruptContainerException {
        if (code < 1 || code >= DTYPES.length) {
            throw new CorruptContainerException("bad dtype code " + code);
        }
        return DTYPES[code];
    }

    private static final Npy.Dtype[] DTYPES = {
        null,
        Npy.Dtype.INT8,
        Npy.Dtype.UINT8,
        Npy.Dtype.INT16,
        Npy.Dtype.UINT16,
        Npy.Dtype.FLOAT16,
        Npy.Dtype.BFLOAT16,
        Npy.Dtype.INT32,
        Npy.Dtype.UINT32,
        Npy.Dtype.FLOAT32
    };

    private Container() {}

    /** The container header. */
    public record Header(
            EbpcParams params,
            Kind kind,
            Npy.Dtype dtype,
            int chunkWords,
            byte[] prefix,
            boolean nhwc,
            Quantization quantization,
            int sliceWords) {

        /** Flag bit 0: the file's 4-D array is channels-last (NHWC); its words are stored in NCHW order. */
        static final int FLAG_NHWC = 1;
        /** Flag bit 1: lossy; float words were quantized (the stored words are integers). */
        static final int FLAG_QUANTIZED = 2;

        public Header(EbpcParams params, Kind kind, Npy.Dtype dtype, int chunkWords, byte[] prefix) {
            this(params, kind, dtype, chunkWords, prefix, false, null, DEFAULT_SLICE_WORDS);
        }

        public Header(EbpcParams params, Kind kind, Npy.Dtype dtype, int chunkWords, byte[] prefix, boolean nhwc) {
            this(params, kind, dtype, chunkWords, prefix, nhwc, null, DEFAULT_SLICE_WORDS);
        }

        /** The same header with another slice size; 0 means the version 1 layout (one stream pair a chunk). */
        public Header withSliceWords(int words) {
            return new Header(params, kind, dtype, chunkWords, prefix, nhwc, quantization, words);
        }

        /** The format version this header is written in: 1 without slices, else 2. */
        public int version() {
            return sliceWords == 0 ? VERSION_1 : VERSION;
        }

        public Header {
            if (dtype.wordWidth() != params.wordWidth()) {
                throw new IllegalArgumentException("dtype " + dtype.label + " needs W=" + dtype.wordWidth());
            }
            if (chunkWords < 1 || chunkWords > MAX_CHUNK_WORDS) {
                throw new IllegalArgumentException(
                        "chunk size must be 1.." + MAX_CHUNK_WORDS + " words, not " + chunkWords);
            }
            if (prefix.length > MAX_PREFIX) {
                throw new IllegalArgumentException("prefix of " + prefix.length + " bytes is over " + MAX_PREFIX);
            }
            if (sliceWords != 0 && !validSliceWords(sliceWords)) {
                throw new IllegalArgumentException("slice size must be a power of two in " + MIN_SLICE_WORDS + ".."
                        + MAX_CHUNK_WORDS + " words, not " + sliceWords);
            }
            if (nhwc && (kind != Kind.NPY || npyShape(prefix) == null || npyShape(prefix).length != 4)) {
                throw new IllegalArgumentException("the NHWC layout needs a 4-D .npy array");
            }
            if (kind == Kind.NPY) {
                Npy.Header npy = npyOf(prefix);
                if (npy == null || npy.dtype() != dtype && quantization == null) {
                    throw new IllegalArgumentException("the .npy header does not match dtype " + dtype.label);
                }
                if (nhwc && !npy.plain()) {
                    throw new IllegalArgumentException(
                            "the NHWC layout needs a plain C-order array of 1-, 2- or 4-byte elements");
                }
            }
        }

        private static Npy.Header npyOf(byte[] prefix) {
            try {
                return Npy.parseHeader(prefix, -1);
            } catch (IOException e) {
                return null;
            }
        }

        private static long[] npyShape(byte[] prefix) {
            try {
                return Npy.parseHeader(prefix, -1).shape();
            } catch (IOException e) {
                return null;
            }
        }

        byte[] toBytes() {
            int extra = quantization == null ? 0 : 12;
            int fixed = fixedBytes(version());
            ByteBuffer b =
                    ByteBuffer.allocate(fixed + prefix.length + extra + 4).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC)
                    .put((byte) version())
                    .put((byte) params.wordWidth())
                    .put((byte) params.blockSize())
                    .putShort((short) params.maxZeroRun())
                    .put((byte) kind.ordinal())
                    .put((byte) Arrays.asList(DTYPES).indexOf(dtype))
                    .put((byte) ((nhwc ? FLAG_NHWC : 0) | (quantization != null ? FLAG_QUANTIZED : 0)))
                    .putInt(chunkWords);
            if (sliceWords != 0) {
                b.putInt(sliceWords);
            }
            b.putInt(prefix.length).put(prefix);
            if (quantization != null) {
                b.put((byte) Arrays.asList(DTYPES).indexOf(quantization.original()))
                        .put(new byte[3])
                        .putDouble(quantization.scale());
            }
            b.putInt(crc(b.array(), 0, fixed + prefix.length + extra));
            return b.array();
        }

        /** Header bytes before the prefix: version 2 adds the slice size. */
        private static int fixedBytes(int version) {
            return version == VERSION_1 ? 24 : 28;
        }

        /** The .npy shape, or null for raw input. */
        public Npy.Header npy() {
            if (kind != Kind.NPY) {
                return null;
            }
            try {
                return Npy.parseHeader(prefix, -1);
            } catch (IOException e) {
                return null;
            }
        }

        /** Bytes per unit whose order a .npy's big-endian elements need reversed, or 0. */
        int swapUnit() {
            Npy.Header npy = npy();
            return npy == null ? 0 : npy.coding().swap();
        }

        /** Checks that a .npy's shape matches the {@code words} words the container holds. */
        void checkWords(long words) throws CorruptContainerException {
            if (kind == Kind.NPY) {
                Npy.Header npy = npy();
                // One stored word an element when quantized, else the data's bytes in words of the coded dtype.
                long expected = npy == null
                        ? -2
                        : quantization != null
                                ? npy.elements()
                                : npy.dataBytes() < 0 ? -1 : npy.dataBytes() / npy.dtype().bytes;
                CorruptContainerException.verify(
                        expected != -2 && (expected < 0 || expected == words),
                        "the .npy header's shape does not match the " + words + " words stored");
            }
        }

        /** Reads and validates a header. */
        static Header read(InputStream in) throws IOException {
            byte[] start = readExactly(in, 24, "header");
            CorruptContainerException.verify(
                    Arrays.equals(Arrays.copyOf(start, 8), MAGIC), "not an .ebpc file (bad magic)");
            int version = start[8] & 0xFF;
            if (version != VERSION_1 && version != VERSION) {
                throw new CorruptContainerException("unsupported .ebpc format version " + version + " (this ebpc reads "
                        + VERSION_1 + " and " + VERSION + ")");
            }
            int fixedLength = fixedBytes(version);
            byte[] fixed = Arrays.copyOf(start, fixedLength);
            if (fixedLength > 24) {
                System.arraycopy(readExactly(in, fixedLength - 24, "header"), 0, fixed, 24, fixedLength - 24);
            }
            ByteBuffer b = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN).position(9);
            int w = b.get() & 0xFF;
            int n = b.get() & 0xFF;
            int z = b.getShort() & 0xFFFF;
            int kind = b.get() & 0xFF;
            int dtype = b.get() & 0xFF;
            int flags = b.get() & 0xFF;
            int chunkWords = b.getInt();
            int sliceWords = version == VERSION_1 ? 0 : b.getInt();
            int prefixLength = b.getInt();
            EbpcParams params;
            try {
                params = new EbpcParams(w, n, z);
            } catch (IllegalArgumentException e) {
                throw new CorruptContainerException("bad codec parameters in header: " + e.getMessage());
            }
            if (kind > 2 || dtype < 1 || dtype >= DTYPES.length || (flags & ~(FLAG_NHWC | FLAG_QUANTIZED)) != 0) {
                throw new CorruptContainerException(
                        "bad header fields (kind " + kind + ", dtype " + dtype + ", flags " + flags + ")");
            }
            if (chunkWords < 1 || chunkWords > MAX_CHUNK_WORDS) {
                throw new CorruptContainerException(
                        "bad chunk size " + Integer.toUnsignedString(chunkWords) + " in header");
            }
            if (version != VERSION_1 && !validSliceWords(sliceWords)) {
                throw new CorruptContainerException(
                        "bad slice size " + Integer.toUnsignedString(sliceWords) + " in header");
            }
            if (prefixLength < 0 || prefixLength > MAX_PREFIX) {
                throw new CorruptContainerException(
                        "bad prefix length " + Integer.toUnsignedString(prefixLength) + " in header");
            }
            int extra = (flags & FLAG_QUANTIZED) != 0 ? 12 : 0;
            byte[] rest = readExactly(in, prefixLength + extra + 4, "header");
            byte[] all = new byte[fixedLength + prefixLength + extra];
            System.arraycopy(fixed, 0, all, 0, fixedLength);
            System.arraycopy(rest, 0, all, fixedLength, prefixLength + extra);
            int stored = ByteBuffer.wrap(rest, prefixLength + extra, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            CorruptContainerException.verify(stored == crc(all, 0, all.length), "header checksum mismatch");
            Npy.Dtype d = DTYPES[dtype];
            if (d.wordWidth() != w) {
                throw new CorruptContainerException("header dtype " + d.label + " does not match W=" + w);
            }
            Quantization q = null;
            if (extra > 0) {
                ByteBuffer qb =
                        ByteBuffer.wrap(all, fixedLength + prefixLength, 12).order(ByteOrder.LITTLE_ENDIAN);
                int original = qb.get() & 0xFF;
                qb.position(qb.position() + 3);
                double scale = qb.getDouble();
                CorruptContainerException.verify(
                        original >= 1
                                && original < DTYPES.length
                                && DTYPES[original].isFloat()
                                && scale > 0
                                && !Double.isInfinite(scale),
                        "bad quantization fields in header");
                q = new Quantization(DTYPES[original], scale);
            }
            try {
                return new Header(
                        params,
                        Kind.values()[kind],
                        d,
                        chunkWords,
                        Arrays.copyOfRange(all, fixedLength, fixedLength + prefixLength),
                        (flags & FLAG_NHWC) != 0,
                        q,
                        sliceWords);
            } catch (IllegalArgumentException e) {
                throw new CorruptContainerException("bad header: " + e.getMessage());
            }
        }
    }

    static boolean validSliceWords(int words) {
        return words >= MIN_SLICE_WORDS && words <= MAX_CHUNK_WORDS && Integer.bitCount(words) == 1;
    }

    /**
     * Lossy, opt-in (--quantize): the file's floats were stored as integers q = trunc(x / scale),
     * clipped, with scale = 0.75 x max|x| / 127 (or 32767), the EBPC paper's quantization;
     * decompression gives back q x scale in the original float type.
     */
    public record Quantization(Npy.Dtype original, double scale) {}

    /** One chunk's header: words, stream sizes, CRC32C of the original bytes. */
    record ChunkHeader(int words, int znzBytes, int bpcBytes, int crc) {

        byte[] toBytes() {
            return ByteBuffer.allocate(CHUNK_HEADER_BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(CHUNK_MAGIC)
                    .putInt(words)
                    .putInt(znzBytes)
                    .putInt(bpcBytes)
                    .putInt(crc)
                    .array();
        }

        /** Validates a chunk header against its parameters and chunk size before anything is allocated. */
        static ChunkHeader parse(byte[] b, EbpcParams p, int chunkWords, int index) throws CorruptContainerException {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int magic = buf.getInt();
            if (magic != CHUNK_MAGIC) {
                throw CorruptContainerException.inChunk(index, "bad chunk magic");
            }
            int words = buf.getInt();
            int znz = buf.getInt();
            int bpc = buf.getInt();
            int crc = buf.getInt();
            int unit = p.bytesPerWord();
            if (words < 1 || words > chunkWords) {
                throw CorruptContainerException.inChunk(
                        index, "word count " + Integer.toUnsignedString(words) + " outside 1.." + chunkWords);
            }
            long maxZnz = (p.maxZnzBits(words) + p.wordWidth() - 1) / p.wordWidth() * unit;
            long maxBpc = (p.maxBpcBits(words) + p.wordWidth() - 1) / p.wordWidth() * unit;
            // A chunk's ZNZ stream is never empty: each word has a symbol.
            if (znz <= 0 || znz > maxZnz || znz % unit != 0 || bpc < 0 || bpc > maxBpc || bpc % unit != 0) {
                throw CorruptContainerException.inChunk(
                        index,
                        "stream sizes " + Integer.toUnsignedString(znz) + " + " + Integer.toUnsignedString(bpc)
                                + " bytes are impossible for " + words + " words");
            }
            return new ChunkHeader(words, znz, bpc, crc);
        }
    }

    /**
     * A version 2 chunk's head: its word count, the CRC32C of its original bytes and each
     * slice's two stream lengths. A ZNZ length of 0 marks a raw slice (a coded slice's ZNZ
     * stream is never empty): its BPC length is the slice's raw bytes, stored verbatim.
     */
    record SlicedChunkHeader(int words, int crc, int[] znzBytes, int[] bpcBytes) {

        int slices() {
            return znzBytes.length;
        }

        boolean raw(int slice) {
            return znzBytes[slice] == 0;
        }

        /** Bytes of the slices' streams after this head. */
        long payloadBytes() {
            long sum = 0;
            for (int i = 0; i < znzBytes.length; i++) {
                sum += znzBytes[i] + (long) bpcBytes[i];
            }
            return sum;
        }

        byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(12 + 8 * slices() + 4).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(CHUNK_MAGIC).putInt(words).putInt(crc);
            for (int i = 0; i < slices(); i++) {
                b.putInt(znzBytes[i]).putInt(bpcBytes[i]);
            }
            b.putInt(Container.crc(b.array(), 0, b.position()));
            return b.array();
        }

        /**
         * Reads the rest of a chunk head whose magic was read, checks its own CRC32C (so a
         * damaged length is named as such) and every length against its slice's word count,
         * before any payload is read or allocated.
         */
        static SlicedChunkHeader read(
                InputStream in, int magic, EbpcParams p, int chunkWords, int sliceWords, int index) throws IOException {
            if (magic != CHUNK_MAGIC) {
                throw CorruptContainerException.inChunk(index, "bad chunk magic");
            }
            ByteBuffer fixed = ByteBuffer.wrap(readExactly(in, 8, "chunk " + index + " header"))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int words = fixed.getInt();
            int crc = fixed.getInt();
            if (words < 1 || words > chunkWords) {
                throw CorruptContainerException.inChunk(
                        index, "word count " + Integer.toUnsignedString(words) + " outside 1.." + chunkWords);
            }
            int slices = (int) ((words + (long) sliceWords - 1) / sliceWords);
            byte[] table = readExactly(in, 8 * slices + 4, "chunk " + index + " header");
            ByteBuffer all = ByteBuffer.allocate(12 + 8 * slices)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(magic)
                    .putInt(words)
                    .putInt(crc)
                    .put(table, 0, 8 * slices);
            ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
            if (t.getInt(8 * slices) != Container.crc(all.array(), 0, all.capacity())) {
                throw CorruptContainerException.inChunk(index, "header checksum mismatch");
            }
            int[] znz = new int[slices];
            int[] bpc = new int[slices];
            int unit = p.bytesPerWord();
            for (int i = 0; i < slices; i++) {
                int n = Math.min(sliceWords, words - i * sliceWords);
                znz[i] = t.getInt();
                bpc[i] = t.getInt();
                long maxZnz = (p.maxZnzBits(n) + p.wordWidth() - 1) / p.wordWidth() * unit;
                long maxBpc = (p.maxBpcBits(n) + p.wordWidth() - 1) / p.wordWidth() * unit;
                boolean ok = znz[i] == 0
                        ? bpc[i] == (long) n * unit
                        : znz[i] > 0
                                && znz[i] <= maxZnz
                                && znz[i] % unit == 0
                                && bpc[i] >= 0
                                && bpc[i] <= maxBpc
                                && bpc[i] % unit == 0;
                if (!ok) {
                    throw CorruptContainerException.inSlice(
                            index,
                            i,
                            "stream sizes "
                                    + Integer.toUnsignedString(znz[i]) + " + " + Integer.toUnsignedString(bpc[i])
                                    + " bytes are impossible for " + n + " words");
                }
            }
            return new SlicedChunkHeader(words, crc, znz, bpc);
        }
    }

    /** Writes the index and trailer for chunks at the given offsets. */
    static byte[] index(long[] offsets, int[] words, int count, long totalWords, long indexOffset) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12 * count + 12 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(INDEX_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.putLong(offsets[i]).putInt(words[i]);
        }
        b.putLong(totalWords);
        b.putInt(crc(b.array(), 0, b.position()));
        b.putLong(indexOffset).put(END_MAGIC);
        return b.array();
    }

    /** Reads the index and trailer after the chunks {@code seen}, checking each entry against them. */
    static void checkIndex(CountingInput in, long indexOffset, ChunkIndex seen) throws IOException {
        int count = readInt(in, "index");
        if (count != seen.count) {
            throw new CorruptContainerException(
                    "index lists " + Integer.toUnsignedString(count) + " chunks, the file has " + seen.count);
        }
        byte[] body = readExactly(in, 12 * count + 8, "index");
        byte[] all = ByteBuffer.allocate(8 + body.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(INDEX_MAGIC)
                .putInt(count)
                .put(body)
                .array();
        int stored = readInt(in, "index");
        CorruptContainerException.verify(stored == crc(all, 0, all.length), "index checksum mismatch");
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (b.getLong() != seen.offsets[i] || b.getInt() != seen.words[i]) {
                throw new CorruptContainerException("index entry " + i + " disagrees with the chunk");
            }
        }
        CorruptContainerException.verify(b.getLong() == seen.total, "index word total disagrees with the chunks");
        byte[] trailer = readExactly(in, 16, "trailer");
        ByteBuffer t = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN);
        CorruptContainerException.verify(
                t.getLong() == indexOffset && Arrays.equals(Arrays.copyOfRange(trailer, 8, 16), END_MAGIC),
                "bad trailer");
    }

    /**
     * Up to {@code max} bytes of {@code in}, fewer only at its end, read into an array sized by
     * what the stream says it holds ({@code available()}), then grown while more comes: one copy
     * of the bytes, where {@code InputStream.readNBytes(int)} (what ByteArrayInputStream and
     * BufferedInputStream run) reads 16 KB pieces and joins them. Memory follows the bytes that
     * arrive, not {@code max}.
     */
    static byte[] readUpTo(InputStream in, int max) throws IOException {
        return readUpTo(in, max, 0);
    }

    /**
     * {@link #readUpTo(InputStream, int)} in an array {@code slack} bytes longer than what was
     * read, zeros there: room a decoder may read past the end, without a copy to make it.
     */
    static byte[] readUpTo(InputStream in, int max, int slack) throws IOException {
        int cap = (int) Math.min(max, Math.max(in.available(), 0));
        byte[] buf = new byte[cap + slack];
        int got = in.readNBytes(buf, 0, cap);
        if (got < cap) {
            return Arrays.copyOf(buf, got + slack); // the stream held less than it said
        }
        int next = got < max ? in.read() : -1;
        if (next < 0) {
            return buf; // all of it, or max bytes: the usual case, no second copy
        }
        cap = (int) Math.min(max, Math.max(2L * cap, 1 << 16));
        buf = Arrays.copyOf(buf, cap + slack);
        buf[got++] = (byte) next;
        while (true) {
            got += in.readNBytes(buf, got, cap - got);
            if (got < cap || cap == max) {
                return got == cap ? buf : Arrays.copyOf(buf, got + slack);
            }
            cap = (int) Math.min(max, 2L * cap);
            buf = Arrays.copyOf(buf, cap + slack);
        }
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        return readExactly(in, n, 0, what);
    }

    /** readExactly in an array {@code slack} zero bytes longer (see readUpTo). */
    static byte[] readExactly(InputStream in, int n, int slack, String what) throws IOException {
        byte[] b = readUpTo(in, n, slack);
        if (b.length != n + slack) {
            String article = what.startsWith("chunk ") ? "" : "the "; // "inside chunk 3", "inside the index"
            throw CorruptContainerException.truncated(article + what);
        }
        return b;
    }

    static int readInt(InputStream in, String what) throws IOException {
        return ByteBuffer.wrap(readExactly(in, 4, what))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
    }
}
