package org.ebpc.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The tensors in a trace file: one for a {@code .npy}, one per array entry of a {@code .npz}
 * (numpy's zip of .npy files, stored or deflated), one per tensor of a {@code .safetensors}
 * file. For the in-memory commands (analyze); every size is checked before it is used.
 */
public final class TensorFiles {

    /** One tensor: its name, dtype, shape and raw little-endian data. */
    public record Tensor(String name, Npy.Dtype dtype, long[] shape, byte[] data, long offset) {
        public Tensor(String name, Npy.Dtype dtype, long[] shape, byte[] data) {
            this(name, dtype, shape, data, -1);
        }
    }

    /** The byte range of one array's data inside an archive file. */
    public record Region(long offset, long length, Npy.Dtype dtype, String name) {}

    /**
     * The array data regions of an archive held in memory, in file order and without overlap, for
     * coding; everything else stays verbatim. .npz: entries stored uncompressed (np.savez) whose
     * .npy dtype is supported; deflated entries (np.savez_compressed) and streamed entries (sizes
     * after the data) are left verbatim; ZIP64 sizes (numpy 2 writes them) are read. .safetensors: every tensor of a supported dtype.
     */
    public static List<Region> codedRegions(byte[] file, String name) throws IOException {
        List<Region> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (name.endsWith(".npz")) {
            long pos = 0;
            while (pos + 30 <= file.length && b.getInt((int) pos) == 0x04034b50) {
                int flags = b.getShort((int) pos + 6) & 0xFFFF;
                int method = b.getShort((int) pos + 8) & 0xFFFF;
                long csize = b.getInt((int) pos + 18) & 0xFFFFFFFFL;
                long usize = b.getInt((int) pos + 22) & 0xFFFFFFFFL;
                int nameLength = b.getShort((int) pos + 26) & 0xFFFF;
                int extraLength = b.getShort((int) pos + 28) & 0xFFFF;
                long data = pos + 30 + nameLength + extraLength;
                if (csize == 0xFFFFFFFFL
                        || usize == 0xFFFFFFFFL) { // ZIP64 (numpy 2's np.savez): sizes in the extra field
                    long[] sizes = zip64Sizes(b, pos + 30 + nameLength, extraLength, usize, csize);
                    usize = sizes[0];
                    csize = sizes[1];
                }
                if ((flags & 8) != 0 || csize < 0 || csize == 0xFFFFFFFFL || csize > file.length - data) {
                    break; // sizes not in the local header: the rest stays verbatim
                }
                String entry = new String(file, (int) pos + 30, nameLength, java.nio.charset.StandardCharsets.UTF_8);
                if (method == 0 && csize == usize && entry.endsWith(".npy")) {
                    byte[] head = Arrays.copyOfRange(file, (int) data, (int) Math.min(data + csize, data + (1 << 20)));
                    try {
                        Npy.Header h = Npy.parseHeader(head, csize);
                        if (h.dataBytes() > 0 && h.coding().swap() == 0 && h.dataBytes() % h.dtype().bytes == 0) {
                            out.add(new Region(data + h.dataOffset(), h.dataBytes(), h.dtype(), entry));
                        }
                    } catch (IOException unsupported) {
                        // an array this tool does not code: verbatim
                    }
                }
                pos = data + csize;
            }
            return out;
        }
        if (name.endsWith(".safetensors")) {
            for (Tensor t : safetensorsTensors(file, name, true)) {
                out.add(new Region(t.offset(), t.data().length, t.dtype(), t.name()));
            }
            out.sort(java.util.Comparator.comparingLong(Region::offset));
            List<Region> disjoint = new ArrayList<>();
            long end = 0;
            for (Region r : out) {
                if (r.offset() >= end && r.length() > 0) {
                    disjoint.add(r);
                    end = r.offset() + r.length();
                }
            }
            return disjoint;
        }
        throw new IOException("not an archive (.npz or .safetensors)");
    }

    private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 64;

    /** A safetensors dtype: the words its bytes are coded as, and its bits per element. */
    private record Element(Npy.Dtype words, int bits) {}

    /**
     * Every dtype of the safetensors format: one-word elements as themselves; booleans and the
     * 8-bit floats as bytes; 8-byte elements (F64, I64, U64, C64) as two 32-bit words, as .npy's;
     * packed 4- and 6-bit floats as their bytes.
     */
    private static final Map<String, Element> ELEMENTS = Map.ofEntries(
            Map.entry("BOOL", new Element(Npy.Dtype.UINT8, 8)), Map.entry("U8", new Element(Npy.Dtype.UINT8, 8)),
            Map.entry("I8", new Element(Npy.Dtype.INT8, 8)), Map.entry("F8_E5M2", new Element(Npy.Dtype.UINT8, 8)),
            Map.entry("F8_E4M3", new Element(Npy.Dtype.UINT8, 8)),
                    Map.entry("F8_E8M0", new Element(Npy.Dtype.UINT8, 8)),
            Map.entry("I16", new Element(Npy.Dtype.INT16, 16)), Map.entry("U16", new Element(Npy.Dtype.UINT16, 16)),
            Map.entry("F16", new Element(Npy.Dtype.FLOAT16, 16)),
                    Map.entry("BF16", new Element(Npy.Dtype.BFLOAT16, 16)),
            Map.entry("I32", new Element(Npy.Dtype.INT32, 32)), Map.entry("U32", new Element(Npy.Dtype.UINT32, 32)),
            Map.entry("F32", new Element(Npy.Dtype.FLOAT32, 32)), Map.entry("F64", new Element(Npy.Dtype.UINT32, 64)),
            Map.entry("I64", new Element(Npy.Dtype.UINT32, 64)), Map.entry("U64", new Element(Npy.Dtype.UINT32, 64)),
            Map.entry("C64", new Element(Npy.Dtype.UINT32, 64)), Map.entry("F4", new Element(Npy.Dtype.UINT8, 4)),
            Map.entry("F6_E2M3", new Element(Npy.Dtype.UINT8, 6)),
                    Map.entry("F6_E3M2", new Element(Npy.Dtype.UINT8, 6)));

    private static final long MAX_SAFETENSORS_HEADER = 100L << 20;

    private TensorFiles() {}

    /**
     * The sizes a ZIP64 extra field (id 1) gives for a local header's 0xFFFFFFFF ones: the
     * uncompressed size first, then the compressed size, each only where the header has
     * 0xFFFFFFFF; {-1, -1} if the field is missing or short.
     */
    private static long[] zip64Sizes(ByteBuffer b, long at, int length, long usize, long csize) {
        long end = at + length;
        while (at + 4 <= end && end <= b.limit()) {
            int id = b.getShort((int) at) & 0xFFFF;
            int size = b.getShort((int) at + 2) & 0xFFFF;
            long fieldEnd = at + 4 + size;
            if (fieldEnd > end) {
                break; // a field running past the extra area: not a ZIP64 size
            }
            if (id == 1) {
                long p = at + 4;
                long u = usize;
                long c = csize;
                if (u == 0xFFFFFFFFL) {
                    if (p + 8 > fieldEnd) {
                        break;
                    }
                    u = b.getLong((int) p);
                    p += 8;
                }
                if (c == 0xFFFFFFFFL) {
                    if (p + 8 > fieldEnd) {
                        break;
                    }
                    c = b.getLong((int) p);
                }
                return new long[] {u, c};
            }
            at = fieldEnd;
        }
        return new long[] {-1, -1};
    }

    public static boolean isTensorFile(Path p) {
        String n = PathNames.of(p);
        return n.endsWith(".npy") || n.endsWith(".npz") || n.endsWith(".safetensors");
    }

    public static List<Tensor> read(Path file) throws IOException {
        String n = PathNames.of(file);
        if (n.endsWith(".npz")) {
            return npz(file);
        }
        if (n.endsWith(".safetensors")) {
            return safetensors(file);
        }
        byte[] all = readAll(file);
        return List.of(npy(n, all));
    }

    /** The array of a whole .npy file in memory, its words little-endian. */
    static Tensor npy(String name, byte[] all) throws IOException {
        Npy.Header h = Npy.parseHeader(Arrays.copyOf(all, Math.min(all.length, 1 << 20)), all.length);
        byte[] data = Arrays.copyOfRange(all, h.dataOffset(), all.length);
        if (h.coding().swap() > 0) {
            ByteSwap.swap(data, 0, data.length, h.coding().swap()); // big-endian elements: their values as words
        }
        return new Tensor(name, h.dtype(), h.shape(), data);
    }

    private static List<Tensor> npz(Path file) throws IOException {
        List<Tensor> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                if (e.getSize() > MAX_TENSOR_BYTES) {
                    throw new IOException("entry " + e.getName() + " is larger than 2 GiB");
                }
                // The declared size bounds what is inflated (a zip bomb may declare less than it holds).
                long declared =
                        e.getSize() >= 0 ? e.getSize() : Runtime.getRuntime().maxMemory() / 4;
                Memory.require(2 * declared, "entry " + e.getName() + " (" + declared + " bytes inflated)");
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) Math.min(MAX_TENSOR_BYTES, declared + 1));
                } catch (IOException damaged) { // e.g. an EOFException without a message from the inflater
                    throw new IOException("entry " + e.getName() + ": damaged or truncated data"
                            + (damaged.getMessage() == null ? "" : " (" + damaged.getMessage() + ")"));
                }
                if (bytes.length > declared) {
                    throw new IOException(
                            "entry " + e.getName() + " inflates to more than its declared " + declared + " bytes");
                }
                try {
                    out.add(npy(
                            PathNames.of(file) + "/"
                                    + e.getName().substring(0, e.getName().length() - 4),
                            bytes));
                } catch (IOException bad) {
                    throw new IOException("entry " + e.getName() + ": " + bad.getMessage());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException("not a valid .npz (zip) file: " + e.getMessage());
        } catch (java.io.EOFException e) { // the zip directory or an entry's header ends early (no message)
            throw new IOException("not a valid .npz (zip) file: it ends inside its structure");
        }
        return out;
    }

    private static List<Tensor> safetensors(Path file) throws IOException {
        return safetensorsTensors(readAll(file), PathNames.of(file), false);
    }

    /** The tensors of a .safetensors file in memory; with {@code skipUnsupported}, other dtypes are left out. */
    private static List<Tensor> safetensorsTensors(byte[] all, String fileName, boolean skipUnsupported)
            throws IOException {
        long size = all.length;
        if (size < 8) {
            throw new IOException("truncated .safetensors file");
        }
        long headerLength =
                ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_SAFETENSORS_HEADER || 8 + headerLength > size) {
            throw new IOException("bad .safetensors header length " + Long.toUnsignedString(headerLength));
        }
        JsonNode header;
        try {
            header = new ObjectMapper()
                    .readTree(new String(all, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("bad .safetensors JSON header");
        }
        if (header == null || !header.isObject()) {
            throw new IOException("bad .safetensors JSON header");
        }
        long base = 8 + headerLength;
        List<Tensor> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = f.getValue();
            Element element = ELEMENTS.get(t.path("dtype").asText());
            if (element == null) {
                if (skipUnsupported) {
                    continue;
                }
                throw new IOException("tensor " + f.getKey() + ": unknown dtype '"
                        + t.path("dtype").asText() + "'");
            }
            Npy.Dtype dtype = element.words();
            JsonNode shapeNode = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new IOException("tensor " + f.getKey() + ": bad shape or data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0 || (shape[i] > 0 && elements > MAX_TENSOR_BYTES / shape[i])) {
                    throw new IOException("tensor " + f.getKey() + ": bad shape");
                }
                elements *= shape[i];
            }
            long from = offsets.get(0).asLong(-1);
            long to = offsets.get(1).asLong(-1);
            long bytes = (elements * element.bits() + 7) / 8;
            if (from < 0 || to < from || base + to > size || to - from != bytes) {
                throw new IOException("tensor " + f.getKey() + ": data_offsets do not match its shape or the file");
            }
            if (bytes % dtype.bytes != 0) {
                continue; // packed sub-byte elements that end inside a word: left verbatim
            }
            // Elements of one word keep their shape (layouts apply); others are a flat run of words.
            shape = element.bits() == 8 * dtype.bytes ? shape : null;
            out.add(new Tensor(
                    fileName + "/" + f.getKey(),
                    dtype,
                    shape,
                    Arrays.copyOfRange(all, (int) (base + from), (int) (base + to)),
                    base + from));
        }
        return out;
    }

    /** A whole file, refused with one line if it is past 2 GiB or past what the heap can hold twice. */
    static byte[] readAll(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_TENSOR_BYTES) {
            throw new IOException(file + ": " + size + " bytes is more than this command holds in memory (2 GiB)");
        }
        Memory.require(2 * size, "reading it whole (" + size + " bytes)"); // the file and a copy of its arrays
        return Files.readAllBytes(file);
    }
}
